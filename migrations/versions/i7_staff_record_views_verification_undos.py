"""record views (staff reads of a pupil's record) and verification undos

Revision ID: i7_staff
Revises: i7_sessions
Create Date: 2026-12-01 23:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i7_staff'
down_revision = 'i7_sessions'
branch_labels = None
depends_on = None

VERIFICATION = sa.Enum(
    'self_reported', 'verified', 'rejected', name='verification', native_enum=False, length=20
)


def upgrade():
    op.create_table('record_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('minute', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_record_views_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_record_views_school_id_schools')),
    sa.ForeignKeyConstraint(['viewer_id'], ['users.id'], name=op.f('fk_record_views_viewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_views')),
    sa.UniqueConstraint('viewer_id', 'pupil_id', 'page', 'minute', name=op.f('uq_record_views_minute'))
    )
    with op.batch_alter_table('record_views', schema=None) as batch_op:
        batch_op.create_index('ix_record_views_pupil_at', ['pupil_id', 'at'], unique=False)

    op.create_table('verification_undos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('previous', VERIFICATION, nullable=False),
    sa.Column('previous_method', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_verification_undos_actor_id_users')),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_verification_undos_entry_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_verification_undos_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_undos'))
    )
    with op.batch_alter_table('verification_undos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_undos_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('verification_undos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_undos_entry_id'))
    op.drop_table('verification_undos')
    with op.batch_alter_table('record_views', schema=None) as batch_op:
        batch_op.drop_index('ix_record_views_pupil_at')
    op.drop_table('record_views')
