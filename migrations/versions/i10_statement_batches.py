"""a batch makes a year group's leavers' folders or its entitlement statements

Revision ID: i10_statement_batches
Revises: i10_parents
Create Date: 2026-12-07 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i10_statement_batches'
down_revision = 'i10_parents'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('folder_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='folders', nullable=False))


def downgrade():
    with op.batch_alter_table('folder_batches', schema=None) as batch_op:
        batch_op.drop_column('kind')
