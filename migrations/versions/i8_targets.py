"""pupil targets after events, with a review date and status (requirements item 25)

Revision ID: i8_targets
Revises: i7_staff
Create Date: 2026-12-03 16:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i8_targets'
down_revision = 'i7_staff'
branch_labels = None
depends_on = None

TARGET_STATUS = sa.Enum(
    'open', 'achieved', 'dropped', name='targetstatus', native_enum=False, length=20
)


def upgrade():
    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('status', TARGET_STATUS, nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_targets_entry_id_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_targets_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_targets_school_id_schools')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_targets_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_targets_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_targets_status_review_on', ['status', 'review_on'], unique=False)


def downgrade():
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index('ix_targets_status_review_on')
        batch_op.drop_index(batch_op.f('ix_targets_school_id'))
        batch_op.drop_index(batch_op.f('ix_targets_pupil_id'))
    op.drop_table('targets')
