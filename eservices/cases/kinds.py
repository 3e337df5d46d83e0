"""Kinds of case. A case came from an e-service, or (later) is a committee's answer to a
proposal, and so on: its kind says what it is called, how long it is kept and how what
it holds is shown. The package that opens cases of a kind registers one, and the case
domain asks it; cases/ itself knows no e-service.

    class ProposalCases(CaseKind):
        name = "proposal"
        def title(self, case, language): ...

    kinds.register(ProposalCases())
"""

from markupsafe import Markup

# The kind of every case opened from an e-service (the default of the column).
ESERVICE = "eservice"


class CaseKind:
    """What a kind of case answers for itself; a subclass overrides what it knows."""

    name = ""

    def title(self, case, language):
        """What the case is about, in ``language``: the e-service's title, for example."""
        return case.service_id

    def summary(self, case, language):
        """A short line of what the case says (a few answers, say), for the handlers' queue;
        empty when the kind has nothing to add to the title."""
        return ""

    def content(self, case, files, language):
        """What the case holds (the answers, say) as HTML for handlers and the resident;
        empty when there is nothing to show."""
        return Markup()

    def answers(self, case, files, language):
        """What the resident sent, as rows {field, label, value, text} for their data."""
        return []

    def contact_address(self, case):
        """An e-mail address given in the case itself, or None (then the account's)."""
        return

    def personnummer(self, case):
        """A personnummer given in the case itself (in clear), or None."""
        return

    def document(self, case):
        """The kind's own part of the case's JSON document for back-end systems."""
        return {}

    def retention_days(self, case):
        """Days a closed case is kept before its personal data goes; None: not known."""
        return

    def retention_periods(self):
        """[(condition on Case, days)]: retention_days for whole groups of cases at once,
        so that the disposal run can find due cases without loading each one."""
        return []


_kinds = {}
_unknown = CaseKind()


def register(kind):
    """Make ``kind`` the one that answers for cases with ``case.kind == kind.name``."""
    _kinds[kind.name] = kind
    return kind


def of(case):
    """The kind that answers for ``case`` (one that knows nothing, for a kind no package
    registers any more)."""
    return _kinds.get(case.kind, _unknown)


def registered():
    """Every registered kind."""
    return list(_kinds.values())
