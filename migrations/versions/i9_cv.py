"""the pupil's CV

Revision ID: i9_cv
Revises: i8_progress
Create Date: 2026-12-04 18:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i9_cv'
down_revision = 'i8_progress'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cvs',
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('achievements_100', sa.Text(), nullable=False),
    sa.Column('achievements_250', sa.Text(), nullable=False),
    sa.Column('education', sa.Text(), nullable=False),
    sa.Column('jobs', sa.Text(), nullable=False),
    sa.Column('volunteering', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('referees', sa.JSON(), nullable=False),
    sa.Column('entry_uuids', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_cvs_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_cvs_school_id_schools')),
    sa.PrimaryKeyConstraint('pupil_id', name=op.f('pk_cvs'))
    )
    with op.batch_alter_table('cvs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cvs_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cvs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cvs_school_id'))
    op.drop_table('cvs')
