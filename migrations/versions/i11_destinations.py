"""leavers' destinations, kept three years, and the local authority's early-leaver notices

Revision ID: i11_destinations
Revises: i11_careers_page
Create Date: 2026-12-07 02:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i11_destinations'
down_revision = 'i11_careers_page'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('destinations',
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.String(length=120), nullable=False),
    sa.Column('left_early', sa.Boolean(), nullable=False),
    sa.Column('notify_due', sa.Boolean(), nullable=False),
    sa.Column('notified_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_destinations_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_destinations_school_id_schools')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_destinations_updated_by_id_users')),
    sa.PrimaryKeyConstraint('pupil_id', name=op.f('pk_destinations'))
    )
    with op.batch_alter_table('destinations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destinations_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('destinations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destinations_school_id'))
    op.drop_table('destinations')
