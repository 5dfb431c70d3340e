"""provider-access content items checklist on events

Revision ID: 160ccd00ceae
Revises: b1b40a064434
Create Date: 2026-11-24 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '160ccd00ceae'
down_revision = 'b1b40a064434'
branch_labels = None
depends_on = None


def upgrade():
    # Existing events get an empty checklist (nothing ticked yet) through a server default,
    # which is then dropped: the model sets the default itself, like every other column.
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('content_items', sa.String(length=100), nullable=False, server_default='')
        )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('content_items', existing_type=sa.String(length=100), server_default=None)


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('content_items')
