"""Who may see a case, and the one loader that applies the rule for every caller.

Handlers, residents on Mina sidor, the receipt, the anonymous follow link, units' back-end
systems and the download of a case's files all come through here.
"""

import hmac

from flask import abort
from sqlalchemy import select

from eservices.attachments import services as attachments
from eservices.cases.models import Case
from eservices.crypto import token_hash
from eservices.extensions import db

# The session's follow links, by case number: an anonymous applicant's secret, remembered
# so that the visitor who holds it may fetch the case's files.
FOLLOW_TOKENS = "follow_tokens"


def unit_ids(user):
    """The ids of the units (and committees) whose cases ``user`` handles."""
    return {unit.id for unit in user.units}


def may_see(case, user=None, *, follow_token=None, unit=None, receipts=()):
    """Whether this visitor may see the case. Any one of these is enough:

    - ``follow_token``: the secret of the case's follow link (an anonymous applicant's);
    - ``user``, a resident: the case is theirs;
    - ``user``, a case handler: the case is in one of their units;
    - ``unit``: a unit's back-end system asks for one of the unit's cases;
    - ``receipts``: the numbers of the cases sent in this browser session.
    """
    held = follow_token and case.follow_token_hash
    if held and hmac.compare_digest(case.follow_token_hash, token_hash(follow_token)):
        return True
    if (unit is not None and case.unit_id == unit.id) or case.number in receipts:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_resident:
        return case.applicant_id == user.id
    return user.can("handle_cases") and case.unit_id in unit_ids(user)


def find_case(number=None, *, for_user=None, follow_token=None, for_unit=None, receipts=()):
    """The case with this number (or, without one, of this follow link) if the visitor may
    see it (see may_see); else None."""
    if number is not None:
        case = db.session.scalar(select(Case).where(Case.number == number))
    elif follow_token:
        case = db.session.scalar(
            select(Case).where(Case.follow_token_hash == token_hash(follow_token))
        )
    else:
        return None
    if case is None or not may_see(
        case, for_user, follow_token=follow_token, unit=for_unit, receipts=receipts
    ):
        return None
    return case


def get_case_or_404(number=None, **who):
    """The case as find_case finds it; 404 for anyone who may not see it, as if unknown."""
    case = find_case(number, **who)
    if case is None:
        abort(404)
    return case


@attachments.download_rule("case_id")
def _may_fetch_case_file(attachment, user, session):
    case = attachment.case
    return may_see(case, user, follow_token=session.get(FOLLOW_TOKENS, {}).get(case.number))
