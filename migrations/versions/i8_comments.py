"""reflections shared with the pupil's staff, and the comment thread on each

Revision ID: i8_comments
Revises: i8_guidance
Create Date: 2026-12-04 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i8_comments'
down_revision = 'i8_guidance'
branch_labels = None
depends_on = None


def upgrade():
    # Every reflection written before this stays private (the default, docs/decisions.md).
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_with_tutor', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.alter_column('shared_with_tutor', existing_type=sa.Boolean(), server_default=None)

    op.create_table('reflection_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_reflection_comments_author_id_users')),
    sa.ForeignKeyConstraint(['entry_id'], ['reflections.entry_id'], name=op.f('fk_reflection_comments_entry_id_reflections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_reflection_comments_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_reflection_comments_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_comments'))
    )
    with op.batch_alter_table('reflection_comments', schema=None) as batch_op:
        batch_op.create_index('ix_reflection_comments_entry', ['entry_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_comments_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_comments_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reflection_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_comments_school_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_comments_pupil_id'))
        batch_op.drop_index('ix_reflection_comments_entry')
    op.drop_table('reflection_comments')
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_column('shared_with_tutor')
