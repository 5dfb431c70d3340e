"""feedback after an event from pupils, parents and carers, and organisations

Revision ID: i10_feedback
Revises: i10_statement_batches
Create Date: 2026-12-07 01:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i10_feedback'
down_revision = 'i10_statement_batches'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('giver', sa.String(length=60), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('pupil_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.String(length=280), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_event_feedback_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_feedback_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['event_organisations.id'], name=op.f('fk_event_feedback_organisation_id_event_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_event_feedback_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_event_feedback_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feedback')),
    sa.UniqueConstraint('event_id', 'giver', name=op.f('uq_event_feedback_event_id'))
    )
    with op.batch_alter_table('event_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_feedback_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_feedback_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_feedback_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_feedback_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_feedback_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_feedback_school_id'))
        batch_op.drop_index(batch_op.f('ix_event_feedback_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_event_feedback_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_event_feedback_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_feedback_author_id'))
    op.drop_table('event_feedback')
