"""The workflow's own answers: where a case may go next, and what a refused move says."""

import pytest

from eservices.cases import workflow


@pytest.mark.parametrize(
    "current, following",
    [
        ("received", ["in_progress"]),
        ("in_progress", ["awaiting_info", "decided", "closed"]),
        ("awaiting_info", ["in_progress"]),
        ("decided", ["closed"]),
        ("closed", []),
        ("no-such-status", []),
    ],
)
def test_the_next_statuses_in_workflow_order(current, following):
    assert workflow.next_statuses(current) == following


def test_a_status_the_workflow_does_not_know_goes_nowhere():
    assert not workflow.allowed("no-such-status", "closed")
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.check("no-such-status", "closed")


def test_a_refused_move_says_from_where_to_where():
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.check("received", "closed")
    assert (refused.value.current, refused.value.wanted) == ("received", "closed")
    assert str(refused.value) == "a case cannot go from 'received' to 'closed'"
    assert workflow.check("received", "in_progress") is None
