"""pupils' gender from the MIS, for the cohort report's breakdowns

Revision ID: i11_gender
Revises: i10_feedback
Create Date: 2026-12-07 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i11_gender'
down_revision = 'i10_feedback'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.String(length=1), nullable=True))


def downgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_column('gender')
