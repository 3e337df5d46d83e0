"""The youth-council election: settings, areas, schools, census, codes, candidates, ballots

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

Ballots and the pending pool are WITHOUT ROWID on SQLite and keyed by a random id, and carry
no time: neither the row id nor the physical order may follow the order of voting
(docs/election-secrecy.md).
"""
from alembic import op
import sqlalchemy as sa

import eservices.database


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('youth_elections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('candidacy_opens_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('candidacy_closes_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('voting_opens_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('voting_closes_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('deputies', sa.Integer(), nullable=False),
    sa.Column('seats_method', sa.String(length=40), nullable=False),
    sa.Column('first_divisor', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('anonymity_k', sa.Integer(), nullable=False),
    sa.Column('languages', sa.String(length=100), nullable=False),
    sa.Column('blank_vote_allowed', sa.Boolean(), nullable=False),
    sa.Column('candidate_order', sa.String(length=20), nullable=False),
    sa.Column('census_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('census_published_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', eservices.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('anonymity_k >= 1', name=op.f('ck_youth_elections_anonymity_k_positive')),
    sa.CheckConstraint('members >= 0 AND deputies >= 0', name=op.f('ck_youth_elections_seats_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_elections')),
    sa.UniqueConstraint('year', name=op.f('uq_youth_elections_year'))
    )
    op.create_table('youth_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('child_population', sa.Integer(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('deputies', sa.Integer(), nullable=False),
    sa.Column('members_override', sa.Integer(), nullable=True),
    sa.Column('deputies_override', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_areas_election_id_youth_elections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_areas')),
    sa.UniqueConstraint('election_id', 'name', name=op.f('uq_youth_areas_election_id_name'))
    )
    op.create_table('youth_schools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['youth_areas.id'], name=op.f('fk_youth_schools_area_id_youth_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_schools_election_id_youth_elections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_schools')),
    sa.UniqueConstraint('election_id', 'code', name=op.f('uq_youth_schools_election_id_code'))
    )
    op.create_table('youth_school_contacts',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['youth_schools.id'], name=op.f('fk_youth_school_contacts_school_id_youth_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_youth_school_contacts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('school_id', 'user_id', name=op.f('pk_youth_school_contacts'))
    )
    op.create_table('youth_voters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('census_key', sa.String(length=64), nullable=False),
    sa.Column('pnr_hash', sa.String(length=64), nullable=True),
    sa.Column('name', eservices.database.EncryptedText(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('class_name', sa.String(length=40), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('has_voted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('helper_staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['youth_areas.id'], name=op.f('fk_youth_voters_area_id_youth_areas')),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_voters_election_id_youth_elections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['helper_staff_id'], ['users.id'], name=op.f('fk_youth_voters_helper_staff_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['youth_schools.id'], name=op.f('fk_youth_voters_school_id_youth_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_voters')),
    sa.UniqueConstraint('election_id', 'census_key', name=op.f('uq_youth_voters_election_id_census_key'))
    )
    with op.batch_alter_table('youth_voters', schema=None) as batch_op:
        batch_op.create_index('ix_youth_voters_lookup', ['election_id', 'pnr_hash'], unique=False)
        batch_op.create_index('ix_youth_voters_school', ['school_id', 'class_name'], unique=False)

    op.create_table('youth_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('voter_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('presentation', sa.Text(), nullable=False),
    sa.Column('photo_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', eservices.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['youth_areas.id'], name=op.f('fk_youth_candidates_area_id_youth_areas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_candidates_election_id_youth_elections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['youth_schools.id'], name=op.f('fk_youth_candidates_school_id_youth_schools')),
    sa.ForeignKeyConstraint(['voter_id'], ['youth_voters.id'], name=op.f('fk_youth_candidates_voter_id_youth_voters'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_candidates'))
    )
    with op.batch_alter_table('youth_candidates', schema=None) as batch_op:
        batch_op.create_index('ix_youth_candidates_area', ['area_id', 'status'], unique=False)

    op.create_table('youth_voting_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['voter_id'], ['youth_voters.id'], name=op.f('fk_youth_voting_codes_voter_id_youth_voters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_voting_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_youth_voting_codes_code_hash')),
    sa.UniqueConstraint('voter_id', name=op.f('uq_youth_voting_codes_voter_id'))
    )
    op.create_table('youth_ballots',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('tracker', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['youth_areas.id'], name=op.f('fk_youth_ballots_area_id_youth_areas')),
    sa.ForeignKeyConstraint(['candidate_id'], ['youth_candidates.id'], name=op.f('fk_youth_ballots_candidate_id_youth_candidates')),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_ballots_election_id_youth_elections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_ballots')),
    sa.UniqueConstraint('tracker', name=op.f('uq_youth_ballots_tracker')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('youth_ballots', schema=None) as batch_op:
        batch_op.create_index('ix_youth_ballots_area', ['election_id', 'area_id'], unique=False)

    op.create_table('youth_pending_ballots',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('tracker', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['youth_areas.id'], name=op.f('fk_youth_pending_ballots_area_id_youth_areas')),
    sa.ForeignKeyConstraint(['candidate_id'], ['youth_candidates.id'], name=op.f('fk_youth_pending_ballots_candidate_id_youth_candidates')),
    sa.ForeignKeyConstraint(['election_id'], ['youth_elections.id'], name=op.f('fk_youth_pending_ballots_election_id_youth_elections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_pending_ballots')),
    sa.UniqueConstraint('tracker', name=op.f('uq_youth_pending_ballots_tracker')),
    sqlite_with_rowid=False
    )


def downgrade():
    op.drop_table('youth_pending_ballots')
    with op.batch_alter_table('youth_ballots', schema=None) as batch_op:
        batch_op.drop_index('ix_youth_ballots_area')

    op.drop_table('youth_ballots')
    op.drop_table('youth_voting_codes')
    with op.batch_alter_table('youth_candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_youth_candidates_area')

    op.drop_table('youth_candidates')
    with op.batch_alter_table('youth_voters', schema=None) as batch_op:
        batch_op.drop_index('ix_youth_voters_school')
        batch_op.drop_index('ix_youth_voters_lookup')

    op.drop_table('youth_voters')
    op.drop_table('youth_school_contacts')
    op.drop_table('youth_schools')
    op.drop_table('youth_areas')
    op.drop_table('youth_elections')
