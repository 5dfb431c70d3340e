"""parents and carers: link codes, links to children, entitlement statement items, and
sharing a guidance interview with parents, and the local-authority sharing choice

Revision ID: i10_parents
Revises: i9_portable
Create Date: 2026-12-06 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i10_parents'
down_revision = 'i9_portable'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('parent_link_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_parent_link_codes_created_by_id_users')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_parent_link_codes_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_parent_link_codes_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parent_link_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_parent_link_codes_code_hash'))
    )
    with op.batch_alter_table('parent_link_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parent_link_codes_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_link_codes_school_id'), ['school_id'], unique=False)

    op.create_table('parent_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['users.id'], name=op.f('fk_parent_links_parent_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_parent_links_pupil_id_pupils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_parent_links_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parent_links')),
    sa.UniqueConstraint('parent_id', 'pupil_id', name=op.f('uq_parent_links_parent_id'))
    )
    with op.batch_alter_table('parent_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parent_links_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_links_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_links_school_id'), ['school_id'], unique=False)

    op.create_table('entitlement_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('default_key', sa.String(length=40), nullable=True),
    sa.Column('year_group', sa.Integer(), nullable=False),
    sa.Column('wording', sa.String(length=300), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('criterion_key', sa.String(length=40), nullable=True),
    sa.Column('activity_kind', sa.Enum('employer_encounter', 'workplace_experience', 'provider_encounter', 'guidance_interview', 'curriculum_learning', 'labour_market_info', 'part_time_job', 'volunteering', name='entrykind', native_enum=False, length=40), nullable=True),
    sa.Column('needed', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_entitlement_items_school_id_schools')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_entitlement_items_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlement_items')),
    sa.UniqueConstraint('school_id', 'default_key', name=op.f('uq_entitlement_items_school_id'))
    )
    with op.batch_alter_table('entitlement_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entitlement_items_school_id'), ['school_id'], unique=False)

    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_with_parents', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('la_basic_only', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('la_choice_by', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('la_choice_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('pupils', schema=None) as batch_op:
        batch_op.drop_column('la_choice_at')
        batch_op.drop_column('la_choice_by')
        batch_op.drop_column('la_basic_only')
    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.drop_column('shared_with_parents')
    with op.batch_alter_table('entitlement_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entitlement_items_school_id'))
    op.drop_table('entitlement_items')
    with op.batch_alter_table('parent_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parent_links_school_id'))
        batch_op.drop_index(batch_op.f('ix_parent_links_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_parent_links_parent_id'))
    op.drop_table('parent_links')
    with op.batch_alter_table('parent_link_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parent_link_codes_school_id'))
        batch_op.drop_index(batch_op.f('ix_parent_link_codes_pupil_id'))
    op.drop_table('parent_link_codes')
