"""the school's published careers page: the careers leader's contact, the programme, its impact
and next review

Revision ID: i11_careers_page
Revises: i11_gender
Create Date: 2026-12-07 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i11_careers_page'
down_revision = 'i11_gender'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('careers_pages',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('leader_name', sa.String(length=120), nullable=False),
    sa.Column('leader_email', sa.String(length=120), nullable=False),
    sa.Column('leader_phone', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('impact', sa.Text(), nullable=False),
    sa.Column('next_review', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_careers_pages_school_id_schools')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_careers_pages_updated_by_id_users')),
    sa.PrimaryKeyConstraint('school_id', name=op.f('pk_careers_pages'))
    )


def downgrade():
    op.drop_table('careers_pages')
