"""Cases (ärenden): the case domain. A case is opened, handled, written on, answered and
finally anonymised here; the pages of handlers (casework), residents (mypages) and
e-services (submissions) call in, and each kind of case registers what it is (kinds)."""


def init_app(app):
    """Give every template the case's labels, and its title, summary and content whatever
    its kind."""
    # What cases hold about a resident (privacy) and how long (retention) register on import.
    from eservices.cases import kinds, labels, privacy, retention  # noqa: F401

    labels.register_template_globals(app)

    @app.template_global()
    def case_title(case, language):
        """What the case is about, in ``language``."""
        return kinds.of(case).title(case, language)

    @app.template_global()
    def case_summary(case, language):
        """A short line of what the case says, for a list of cases; may be empty."""
        return kinds.of(case).summary(case, language)

    @app.template_global()
    def case_content(case, files, language):
        """What the case holds, as its kind shows it; empty when there is nothing."""
        return kinds.of(case).content(case, files, language)
