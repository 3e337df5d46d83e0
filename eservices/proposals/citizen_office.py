"""A citizen office (medborgarkontor) registers a proposal for a resident who comes in.

The resident is identified by personnummer at the desk and becomes, or already is, a
resident account: the proposal is theirs, written and sent in through the same services as
one written at home, and counts towards their monthly limit. The member of staff who
registered it is in the audit log.
"""

from eservices.accounts import services as accounts
from eservices.audit import services as audit
from eservices.database import transaction
from eservices.proposals import services


def register_proposal(number, *, given_name, family_name, staff, **text):
    """Save and send in a proposal for the person with personnummer ``number`` (parsed);
    ``text``: title, body, category and area. Raises services.ProposalError as submit does.
    """
    with transaction():
        person = accounts.get_or_create_resident(number, given_name, family_name)
    proposal = services.save_draft(None, person, **text)
    try:
        services.submit(proposal, person, accepted_rules=True)
    except services.ProposalError:
        services.delete_draft(proposal, person)
        raise
    with transaction():
        audit.record("proposal.registered_for_resident", proposal, actor=staff)
    return proposal
