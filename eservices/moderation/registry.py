"""The kinds of item the moderation queue handles, registered by the packages that own them.

Moderation knows nothing of proposals, comments or candidates. Each kind registers, once
per app, how to load and show one of its items and what happens on each decision::

    from eservices.moderation.registry import Content, Kind, register_kind

    PROPOSAL = Kind(
        name="proposal",
        label=_l("Proposal"),
        load=load_proposal,            # "12" -> the proposal; None for "abc" or a gone one
        show=lambda p: Content(p.title, ((_l("Proposal"), p.body),), author=p.author_name),
        on_approve=publish,            # (proposal, decision) -> None
        on_reject=reject,
        on_request_changes=send_back,
        on_remove=take_down,           # a reported item taken down
        open_items=open_proposal_texts,  # () -> [(object_id, text), ...]
        approve_field=committee_field,   # (proposal) -> an unbound WTForms field, or None
    )
    bp.record_once(lambda state: register_kind(state.app, PROPOSAL))

``load`` gets the id as text from a URL, so it returns None for anything that is not one
of its items rather than raising.

Callbacks run inside the decision's transaction, after the queue row is settled and the
decision audited: change the item, queue e-mail (``notify_author`` sends the standard
message), and do not commit. Raising an exception rolls the whole decision back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app

from eservices.moderation.rulebook import KINDS, Rule


@dataclass(frozen=True)
class Content:
    """What a moderator reads: a title, texts that are screened and shown highlighted,
    and facts shown beside them (category, area), each under its label."""

    title: str
    texts: tuple[tuple[str, str], ...] = ()
    author: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    # A path on this site where the public sees the item; None while it is not public,
    # and then it cannot be reported.
    public_url: str | None = None

    def screened_text(self) -> str:
        """Title and texts as one text, for comparing with other items."""
        return "\n\n".join([self.title, *(text for _label, text in self.texts)])


@dataclass(frozen=True)
class Decision:
    """What a moderator decided, as a kind's callback receives it."""

    kind: str
    object_id: str
    outcome: str
    moderator: Any
    rules: tuple[Rule, ...] = ()
    note: str = ""
    extra: Any = None
    item: Any = None  # the ModerationItem; None when a report review decided


def _no_action(obj, decision):
    """A decision that needs nothing of the kind."""


@dataclass(frozen=True)
class Kind:
    """A kind of item and its callbacks; see the module docstring."""

    name: str
    label: Any
    load: Callable[[str], Any]
    show: Callable[[Any], Content]
    on_approve: Callable[[Any, Decision], None]
    on_reject: Callable[[Any, Decision], None]
    on_request_changes: Callable[[Any, Decision], None] = _no_action
    on_remove: Callable[[Any, Decision], None] = _no_action
    open_items: Callable[[], Iterable[tuple[str, str]]] | None = None
    approve_field: Callable[[Any], Any] | None = None
    # The rulebook kind whose rules apply; the kind's own name when not given.
    rules: str = ""

    @property
    def rulebook_kind(self) -> str:
        """Which of the rulebook's kinds (proposal, comment, candidate) this one follows."""
        return self.rules or self.name


class KindError(ValueError):
    """A kind cannot be registered as given."""


def register_kind(app, kind: Kind) -> None:
    """Make ``kind`` known to the queue of ``app``; each name once."""
    kinds = app.extensions.setdefault("moderation_kinds", {})
    if kind.name in kinds:
        raise KindError(f"the moderation kind {kind.name!r} is already registered")
    if kind.rulebook_kind not in KINDS:
        raise KindError(
            f"the moderation kind {kind.name!r} follows the rules of {kind.rulebook_kind!r}, "
            f"which is not one of the rulebook's kinds ({', '.join(KINDS)})"
        )
    kinds[kind.name] = kind


def get_kind(name: str) -> Kind | None:
    """The registered kind called ``name``, or None."""
    return current_app.extensions.get("moderation_kinds", {}).get(name)


def registered_kinds() -> dict[str, Kind]:
    """Every registered kind, by name."""
    return dict(current_app.extensions.get("moderation_kinds", {}))
