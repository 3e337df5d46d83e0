"""Which fields are shown: the one reading of ``visible_if`` that every caller uses.

A field is shown when its condition holds for the answers of the fields shown before it.
A hidden field's answer never counts, so a field that depends on it is hidden too, however
stale the stored answers are (a resident who goes back and changes an earlier answer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any


def walk(fields: Iterable, answers: Mapping, read: Callable | None = None) -> Iterator:
    """Yield ``(field, answer)`` for every field shown, in form order.

    ``answers`` are stored answers by field id; those of fields outside ``fields`` (other
    steps) are taken as they are. ``read(field)`` gives the answer from a posted form
    instead of ``answers``; None means no answer.
    """
    fields = list(fields)
    walked = {field.id for field in fields}
    known = {key: value for key, value in answers.items() if key not in walked}
    for field in fields:
        if field.visible_if is not None and not field.visible_if.matches(known):
            continue
        answer = read(field) if read is not None else answers.get(field.id)
        if answer is not None:
            known[field.id] = answer
        yield field, answer


def visible_fields(step, answers: Mapping) -> list:
    """The step's fields shown for ``answers``, info fields included."""
    return [field for field, _ in walk(step.fields, answers)]


def visible_answers(fields: Iterable, answers: Mapping) -> dict[str, Any]:
    """The answers to the fields shown, in form order; hidden ones never count."""
    return {field.id: answer for field, answer in walk(fields, answers) if answer is not None}


def hidden_by_earlier_steps(step, answers: Mapping) -> set[str]:
    """Fields of ``step`` whose condition rests on an earlier step's answer and is not met.

    Conditions on a field of the same step cannot be known before the step is sent: those
    fields are shown (a small script hides them until they apply) and, when their
    condition is not met, are neither validated nor kept.
    """
    same_step = {field.id for field in step.fields}
    shown = {field.id for field in visible_fields(step, answers)}
    return {
        field.id
        for field in step.fields
        if field.visible_if is not None
        and field.visible_if.field not in same_step
        and field.id not in shown
    }
