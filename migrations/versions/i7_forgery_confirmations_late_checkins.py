"""confirmations with their own table, late check-ins, per-event late window, check-in throttle

Revision ID: i7_forgery
Revises: 160ccd00ceae
Create Date: 2026-12-01 23:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'i7_forgery'
down_revision = '160ccd00ceae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('employer_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_employer_confirmations_entry_id_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['event_organisations.id'], name=op.f('fk_employer_confirmations_organisation_id_event_organisations')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_employer_confirmations_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_employer_confirmations_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_confirmations')),
    sa.UniqueConstraint('organisation_id', 'pupil_id', name=op.f('uq_employer_confirmations_organisation_id'))
    )
    with op.batch_alter_table('employer_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_confirmations_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_confirmations_school_id'), ['school_id'], unique=False)

    op.create_table('checkin_throttles',
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_try_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupils.id'], name=op.f('fk_checkin_throttles_pupil_id_pupils')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_checkin_throttles_school_id_schools')),
    sa.PrimaryKeyConstraint('pupil_id', name=op.f('pk_checkin_throttles'))
    )
    with op.batch_alter_table('checkin_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_throttles_school_id'), ['school_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_window_hours', sa.Integer(), nullable=True))

    # Claims made before this revision count as on time (their delay is filled in below).
    with op.batch_alter_table('checkin_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delay_seconds', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('is_late', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('review', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_checkin_claims_is_late'), ['is_late'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_checkin_claims_reviewed_by_id_users'), 'users', ['reviewed_by_id'], ['id'])
    with op.batch_alter_table('checkin_claims', schema=None) as batch_op:
        batch_op.alter_column('delay_seconds', existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column('is_late', existing_type=sa.Boolean(), server_default=None)

    connection = op.get_bind()
    claims = sa.table('checkin_claims', sa.column('id', sa.Integer), sa.column('scanned_at', sa.DateTime),
                      sa.column('received_at', sa.DateTime), sa.column('delay_seconds', sa.Integer))
    for claim_id, scanned_at, received_at in connection.execute(
        sa.select(claims.c.id, claims.c.scanned_at, claims.c.received_at)
    ).all():
        delay = max(0, int((received_at - scanned_at).total_seconds()))
        connection.execute(claims.update().where(claims.c.id == claim_id).values(delay_seconds=delay))
    # Every confirmation made so far gets its row, so the unique constraint covers it too.
    entries = sa.table('entries', sa.column('id', sa.Integer), sa.column('school_id', sa.Integer),
                       sa.column('pupil_id', sa.Integer), sa.column('verifier_org_id', sa.Integer),
                       sa.column('verified_at', sa.DateTime), sa.column('created_at', sa.DateTime))
    confirmations = sa.table('employer_confirmations', sa.column('school_id', sa.Integer),
                             sa.column('organisation_id', sa.Integer), sa.column('pupil_id', sa.Integer),
                             sa.column('entry_id', sa.Integer), sa.column('confirmed_at', sa.DateTime))
    seen = set()
    for row in connection.execute(
        sa.select(entries).where(entries.c.verifier_org_id.is_not(None)).order_by(entries.c.id)
    ).all():
        if (row.verifier_org_id, row.pupil_id) in seen:
            continue
        seen.add((row.verifier_org_id, row.pupil_id))
        connection.execute(confirmations.insert().values(
            school_id=row.school_id, organisation_id=row.verifier_org_id, pupil_id=row.pupil_id,
            entry_id=row.id, confirmed_at=row.verified_at or row.created_at,
        ))


def downgrade():
    with op.batch_alter_table('checkin_claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_checkin_claims_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_checkin_claims_is_late'))
        batch_op.drop_column('review')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('is_late')
        batch_op.drop_column('delay_seconds')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('late_window_hours')
    with op.batch_alter_table('checkin_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_throttles_school_id'))
    op.drop_table('checkin_throttles')
    with op.batch_alter_table('employer_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_confirmations_school_id'))
        batch_op.drop_index(batch_op.f('ix_employer_confirmations_pupil_id'))
    op.drop_table('employer_confirmations')
