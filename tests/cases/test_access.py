"""One rule decides who may see a case, for every page and file that shows one."""

import pytest
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import NotFound

from eservices.cases.access import find_case, get_case_or_404, may_see
from eservices.crypto import token_hash
from eservices.database import transaction

SECRET = "the-follow-link-secret"


@pytest.fixture
def case(db, make_case, make_resident):
    """A fault report of Anna's in the felanmalan unit, with a follow link too."""
    found = make_case(applicant=make_resident())
    with transaction():
        found.follow_token_hash = token_hash(SECRET)
    return found


@pytest.fixture
def visitor(make_staff, make_resident, units):
    def make(who):
        if who == "anonymous":
            return AnonymousUserMixin()
        if who == "the applicant":
            return make_resident()
        if who == "another resident":
            return make_resident("19121212-1212", "Tolvan", "Tolvansson")
        role, unit = {
            "handler of the unit": ("handler", "felanmalan"),
            "handler of another unit": ("handler", "trafik"),
            "moderator in the unit": ("moderator", "felanmalan"),
        }[who]
        return make_staff(role=role, units=[units[unit]])

    return make


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("the applicant", True),
        ("another resident", False),
        ("handler of the unit", True),
        ("handler of another unit", False),
        ("moderator in the unit", False),
    ],
)
def test_who_may_see_a_case(app, case, visitor, who, allowed):
    user = visitor(who)
    assert may_see(case, user) is allowed
    with app.test_request_context():
        if allowed:
            assert get_case_or_404(case.number, for_user=user) == case
        else:
            with pytest.raises(NotFound):
                get_case_or_404(case.number, for_user=user)
    # Whoever holds the follow link may see the case; a wrong secret is no link at all.
    assert may_see(case, user, follow_token=SECRET)
    assert may_see(case, user, follow_token=SECRET + "x") is allowed


def test_a_case_is_found_by_its_follow_link_alone(case):
    assert find_case(follow_token=SECRET) == case
    assert find_case(follow_token="guessed") is None
    assert find_case() is None


def test_a_units_system_sees_its_own_units_cases_only(case, units):
    assert find_case(case.number, for_unit=units["felanmalan"]) == case
    assert find_case(case.number, for_unit=units["trafik"]) is None


def test_a_receipt_is_seen_in_the_session_that_sent_the_case(case):
    assert find_case(case.number, receipts=[case.number]) == case
    assert find_case(case.number, receipts=["1999-000001"]) is None
