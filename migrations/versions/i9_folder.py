"""leavers' folder: letters, documents, batches, inclusions

Revision ID: i9_folder
Revises: i9_cv
Create Date: 2026-12-04 17:37:34.408518

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'i9_folder'
down_revision = 'i9_cv'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('folder_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('year_group', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_folder_batches_requested_by_id_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_folder_batches_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_folder_batches'))
    )
    with op.batch_alter_table('folder_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_folder_batches_school_id'), ['school_id'], unique=False)

    op.create_table('folder_letters',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('template', sa.Text(), nullable=False),
    sa.Column('signed_by', sa.String(length=120), nullable=False),
    sa.Column('signer_role', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_folder_letters_school_id_schools')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_folder_letters_updated_by_id_users')),
    sa.PrimaryKeyConstraint('school_id', name=op.f('pk_folder_letters'))
    )
    op.create_table('folder_batch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'done', 'failed', name='itemstatus', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['folder_batches.id'], name=op.f('fk_folder_batch_items_batch_id_folder_batches'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_folder_batch_items_pupil_id_pupils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_folder_batch_items')),
    sa.UniqueConstraint('batch_id', 'pupil_id', name=op.f('uq_folder_batch_items_batch_id'))
    )
    with op.batch_alter_table('folder_batch_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_folder_batch_items_batch_id'), ['batch_id'], unique=False)

    op.create_table('folder_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('certificate', 'reference', name='documentkind', native_enum=False, length=20), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_folder_documents_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_folder_documents_school_id_schools')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_folder_documents_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_folder_documents'))
    )
    with op.batch_alter_table('folder_documents', schema=None) as batch_op:
        batch_op.create_index('ix_folder_documents_pupil', ['pupil_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_folder_documents_school_id'), ['school_id'], unique=False)

    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_folder', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_folder', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_column('in_folder')

    with op.batch_alter_table('guidance_interviews', schema=None) as batch_op:
        batch_op.drop_column('in_folder')

    with op.batch_alter_table('folder_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_folder_documents_school_id'))
        batch_op.drop_index('ix_folder_documents_pupil')

    op.drop_table('folder_documents')
    with op.batch_alter_table('folder_batch_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_folder_batch_items_batch_id'))

    op.drop_table('folder_batch_items')
    op.drop_table('folder_letters')
    with op.batch_alter_table('folder_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_folder_batches_school_id'))

    op.drop_table('folder_batches')
