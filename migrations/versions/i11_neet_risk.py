"""pupils at risk of NEET (the MIS's RONI flag), for the targeted-support list

Revision ID: i11_neet_risk
Revises: i11_destinations
Create Date: 2026-12-07 02:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i11_neet_risk'
down_revision = 'i11_destinations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('neet_risk', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_column('neet_risk')
