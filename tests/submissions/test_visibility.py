"""Only answers to questions that were shown reach a case."""

from eservices.catalogue.fields import Condition, Field
from eservices.submissions.visibility import visible_answers


def test_a_field_that_depends_on_a_hidden_field_is_hidden_too():
    service = (
        Field(id="a", type="yes_no"),
        Field(id="b", type="text", visible_if=Condition("a", ("yes",))),
        Field(id="c", type="text", visible_if=Condition("b", ("x",))),
    )
    # A stale draft: b and c were answered before a was changed to "no".
    assert visible_answers(service, {"a": "no", "b": "x", "c": "secret"}) == {"a": "no"}
    assert visible_answers(service, {"a": "yes", "b": "x", "c": "kept"}) == {
        "a": "yes",
        "b": "x",
        "c": "kept",
    }
