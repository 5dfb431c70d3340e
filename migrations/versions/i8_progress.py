"""record versions and the cached progress per pupil

Revision ID: i8_progress
Revises: i8_comments
Create Date: 2026-12-04 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i8_progress'
down_revision = 'i8_comments'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('school_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table('pupil_progress',
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('verified_only', sa.Boolean(), nullable=False),
    sa.Column('record_version', sa.Integer(), nullable=False),
    sa.Column('settings_version', sa.Integer(), nullable=False),
    sa.Column('computed_for', sa.Date(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_pupil_progress_pupil_id_pupils'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pupil_id', 'verified_only', name=op.f('pk_pupil_progress'))
    )


def downgrade():
    op.drop_table('pupil_progress')
    with op.batch_alter_table('school_settings', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_column('record_version')
