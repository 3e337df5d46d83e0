"""Every outcome a decision can have works as one: "delvis bifall" as much as the others."""

import pytest

from eservices.cases.models import Case
from tests.resident_cases import act, outbox

OUTCOMES = {"approved": "Bifall", "partly_approved": "Delvis bifall", "rejected": "Avslag"}


@pytest.mark.parametrize("decision", sorted(OUTCOMES))
def test_each_outcome_is_a_decision_the_handler_and_the_resident_see(
    db, own_case, handler_client, resident_client, decision
):
    act(handler_client, own_case.number, "status", {"status-status": "in_progress"})
    form = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert f'value="{decision}"' in form

    act(
        handler_client,
        own_case.number,
        "beslut",
        {
            "decision-decision": decision,
            "decision-decision_text": "Klottret på skolans södra vägg tas bort.",
        },
    )

    db.session.expire_all()
    case = db.session.get(Case, own_case.id)
    assert (case.status, case.decision) == ("decided", decision)
    assert case.decided_at is not None
    page = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert f"Beslutat – {OUTCOMES[decision]}</dd>" in page
    assert OUTCOMES[decision] in outbox(db)[-1].body_text
    mine = resident_client.get(f"/mina-sidor/arenden/{own_case.number}").text
    assert OUTCOMES[decision] in mine
    assert "Klottret på skolans södra vägg tas bort." in mine


def test_an_outcome_that_is_not_one_is_refused(db, own_case, handler_client):
    act(handler_client, own_case.number, "status", {"status-status": "in_progress"})
    refused = act(
        handler_client,
        own_case.number,
        "beslut",
        {"decision-decision": "maybe", "decision-decision_text": "Kanske."},
    )
    assert refused.status_code == 400
    assert "Välj ett av alternativen för ”Beslut”" in refused.text
    db.session.expire_all()
    case = db.session.get(Case, own_case.id)
    assert (case.status, case.decision) == ("in_progress", None)
