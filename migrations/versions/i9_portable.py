"""where an entry brought from another school came from, with its original signed statement

Revision ID: i9_portable
Revises: i9_folder
Create Date: 2026-12-04 18:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i9_portable'
down_revision = 'i9_folder'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entry_origins',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('from_school_name', sa.String(length=200), nullable=False),
    sa.Column('from_school_code', sa.String(length=20), nullable=False),
    sa.Column('original_uuid', sa.Uuid(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=True),
    sa.Column('verify_url', sa.String(length=2000), nullable=True),
    sa.Column('signature_checked', sa.Boolean(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_entry_origins_entry_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_entry_origins_imported_by_id_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_entry_origins_school_id_schools')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_entry_origins'))
    )
    with op.batch_alter_table('entry_origins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_origins_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('entry_origins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_origins_school_id'))
    op.drop_table('entry_origins')
