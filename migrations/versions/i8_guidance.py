"""guidance interviews recorded by advisers, their actions, tutor follow-up

Revision ID: i8_guidance
Revises: i8_targets
Create Date: 2026-12-03 16:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i8_guidance'
down_revision = 'i8_targets'
branch_labels = None
depends_on = None

OWNER = sa.Enum('pupil', 'adviser', 'tutor', 'parent', name='actionowner', native_enum=False, length=20)
STATUS = sa.Enum('open', 'done', name='actionstatus', native_enum=False, length=20)


def upgrade():
    op.create_table('guidance_interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('adviser_name', sa.String(length=120), nullable=False),
    sa.Column('adviser_id', sa.Integer(), nullable=True),
    sa.Column('adviser_level6', sa.Boolean(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('further_offered', sa.Boolean(), nullable=False),
    sa.Column('considering_university', sa.Boolean(), nullable=False),
    sa.Column('shared_with_tutor', sa.Boolean(), nullable=False),
    sa.Column('followed_up_at', sa.DateTime(), nullable=True),
    sa.Column('followed_up_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['adviser_id'], ['users.id'], name=op.f('fk_guidance_interviews_adviser_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guidance_interviews_created_by_id_users')),
    sa.ForeignKeyConstraint(['followed_up_by_id'], ['users.id'], name=op.f('fk_guidance_interviews_followed_up_by_id_users')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_guidance_interviews_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_guidance_interviews_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guidance_interviews'))
    )
    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.create_index('ix_guidance_interviews_pupil_held', ['pupil_id', 'held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_guidance_interviews_school_id'), ['school_id'], unique=False)

    op.create_table('interview_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('owner', OWNER, nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['guidance_interviews.id'], name=op.f('fk_interview_actions_interview_id_guidance_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_actions'))
    )
    with op.batch_alter_table('interview_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_actions_interview_id'), ['interview_id'], unique=False)


def downgrade():
    with op.batch_alter_table('interview_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_actions_interview_id'))
    op.drop_table('interview_actions')
    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guidance_interviews_school_id'))
        batch_op.drop_index('ix_guidance_interviews_pupil_held')
    op.drop_table('guidance_interviews')
