"""A case need not come from an e-service: its kind says what it is called, how it is
shown and how long it is kept, and every page asks the kind."""

from datetime import timedelta

import pytest
from markupsafe import Markup

from eservices.cases import kinds, retention
from eservices.cases.models import Case
from eservices.database import utcnow
from tests.resident_cases import act


class CommitteeAnswers(kinds.CaseKind):
    """A stand-in for the kind a forwarded e-proposal becomes."""

    name = "test_proposal"

    def title(self, case, language):
        return {"sv": "E-förslag till nämnden", "en": "E-proposal to the committee"}[language]

    def content(self, case, files, language):
        return Markup("<p>Förslaget: {}</p>").format(case.answers["proposal"])

    def retention_periods(self):
        return [(Case.service_id == "proposal", 10)]


@pytest.fixture
def proposal_case(make_case, resident, monkeypatch):
    """Anna's case of the stand-in kind, in the felanmalan unit."""
    monkeypatch.setitem(kinds._kinds, CommitteeAnswers.name, CommitteeAnswers())
    return make_case(
        kind=CommitteeAnswers.name,
        service_id="proposal",
        applicant=resident,
        answers={"proposal": "Fler bänkar <i>nu</i>"},
    )


def test_a_case_of_another_kind_is_titled_and_shown_by_its_kind(
    proposal_case, handler_client, resident_client
):
    staff_page = handler_client.get(f"/handlaggning/arenden/{proposal_case.number}").text
    mine = resident_client.get(f"/mina-sidor/arenden/{proposal_case.number}").text
    listing = resident_client.get("/mina-sidor/arenden").text
    for page in (staff_page, mine, listing):
        assert "E-förslag till nämnden" in page
    for page in (staff_page, mine):
        assert "<p>Förslaget: Fler bänkar &lt;i&gt;nu&lt;/i&gt;</p>" in page
    assert "Klotter" not in mine


def test_a_kind_says_how_long_its_closed_cases_are_kept(db, proposal_case, handler_client):
    for status in ("in_progress", "closed"):
        act(handler_client, proposal_case.number, "status", {"status-status": status})
    db.session.refresh(proposal_case)
    assert proposal_case.status == "closed"
    assert retention.due_cases(utcnow() + timedelta(days=9)).cases == []
    due = retention.due_cases(utcnow() + timedelta(days=11))
    assert [case.number for case in due.cases] == [proposal_case.number]
    assert due.unknown_services == {}


def test_a_kind_no_package_registers_is_kept_and_named_by_its_key(
    db, proposal_case, handler_client, monkeypatch
):
    monkeypatch.delitem(kinds._kinds, CommitteeAnswers.name)
    page = handler_client.get(f"/handlaggning/arenden/{proposal_case.number}").text
    assert "proposal ·" in page
    for status in ("in_progress", "closed"):
        act(handler_client, proposal_case.number, "status", {"status-status": status})
    assert retention.due_cases(utcnow() + timedelta(days=5000)).unknown_services == {"proposal": 1}
