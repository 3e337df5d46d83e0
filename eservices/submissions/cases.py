"""Cases that come from e-services: opening one from a form's answers, and their kind.

The service decides where its case goes (its routing rules) and when it is due (its
processing time).
The case domain asks the kind what such a case is called (the service's title), how
long it is kept (the service's retention), and how its answers are shown and exported.
"""

import textwrap
from datetime import timedelta

from flask import render_template
from markupsafe import Markup

from eservices.cases import kinds
from eservices.cases.models import Case
from eservices.cases.services import create_case
from eservices.catalogue.loading import get_catalogue
from eservices.database import transaction, utcnow
from eservices.organisation import services as organisation
from eservices.submissions.display import display_value

# The queue's summary line is cut at a word before this many characters.
SUMMARY_LENGTH = 100


class RoutingError(Exception):
    """The service routes to a unit that does not exist or does not receive cases."""


def route(service, answers):
    """The active unit that receives this service's case for these answers."""
    slug = service.routing.unit_for(answers)
    unit = organisation.find(slug)
    if unit is None:
        raise RoutingError(f"{service.id} routes to {slug!r}, which does not receive cases")
    return unit


def open_case(service, answers, **who):
    """Add the case these answers become to the caller's transaction: routed, and due after
    the service's processing time.

    ``who``: applicant, channel, registered_by and follow_token_hash (see create_case).
    """
    now = utcnow()
    case = create_case(
        kind=kinds.ESERVICE,
        service_id=service.id,
        service_version=service.version,
        answers=answers,
        unit=route(service, answers),
        due_at=now + timedelta(days=service.description.processing_days),
        submitted_at=now,
        **who,
    )
    return case


def submit_case(service, answers, **who):
    """Open the case in its own transaction (see open_case)."""
    with transaction():
        return open_case(service, answers, **who)


def service_of(case):
    """The definition of the e-service the case came from, or None when it is gone."""
    return get_catalogue().get(case.service_id)


class EServiceCases(kinds.CaseKind):
    """A submitted e-service: its answers, under the questions of its definition."""

    name = kinds.ESERVICE

    def title(self, case, language):
        """The e-service's title; its id when the definition is gone."""
        service = service_of(case)
        return service.title.get(language) if service else case.service_id

    def summary(self, case, language):
        """The answers the service marks as its summary (forms/README.md), on one line."""
        parts = (
            display_value(field, case.answers.get(field.id), language)
            for field in _fields(case)
            if field.summary
        )
        line = " · ".join(part for part in parts if part)
        return textwrap.shorten(line, SUMMARY_LENGTH, placeholder=" …") if line else ""

    def content(self, case, files, language):
        """The answers under the steps and questions of the form."""
        service = service_of(case)
        if service is None:
            return Markup()
        # Rendered by an autoescaping template: safe to place as it is.
        return Markup(  # noqa: S704
            render_template(
                "submissions/_case_content.html",
                case=case,
                service=service,
                files=files,
                language=language,
            )
        )

    def answers(self, case, files, language):
        """Each answer under its question, in form order."""
        return answer_rows(service_of(case), case.answers, files, language)

    def contact_address(self, case):
        """The e-mail address answered in the form, if it asks for one."""
        for field in _fields(case):
            if field.type == "email" and case.answers.get(field.id):
                return case.answers[field.id]
        return None

    def personnummer(self, case):
        """The personnummer answered in the form, if any."""
        for field in _fields(case):
            if field.type == "personnummer" and case.answers.get(field.id):
                return case.answers[field.id]
        return None

    def document(self, case):
        """The service and the fields answered, for back-end systems."""
        service = service_of(case)
        return {
            "service": {
                "id": case.service_id,
                "version": case.service_version,
                "title": service.title.sv if service else None,
            },
            "fields": [
                {
                    "id": field.id,
                    "type": field.type,
                    "label": field.label.sv if field.label else None,
                }
                for field in _fields(case)
                if field.id in case.answers
            ],
        }

    def retention_days(self, case):
        """The e-service's retention period."""
        service = service_of(case)
        return service.retention_days if service else None

    def retention_periods(self):
        """One period per e-service in the catalogue; cases of services no longer there
        have none, and are kept until someone decides."""
        return [
            (Case.service_id == service.id, service.retention_days) for service in get_catalogue()
        ]


def _fields(case):
    service = service_of(case)
    return service.fields() if service else ()


def answer_rows(service, answers, files, language):
    """Each answer under its question, in form order; answers to unknown fields come last.

    Rows are {field, label, value, text}: a file answer's value is the files' names.
    """
    fields = {field.id: field for field in service.fields()} if service else {}
    order = [field_id for field_id in fields if field_id in answers]
    order += [field_id for field_id in answers if field_id not in fields]
    result = []
    for field_id in order:
        field, value = fields.get(field_id), answers[field_id]
        if field is not None and field.type == "info":
            continue
        if field is not None and field.type == "file":
            # File answers are stored as ids; the person knows their files by name.
            value = [files[item].filename for item in value or () if item in files]
            text = ", ".join(value)
        elif field is not None:
            text = display_value(field, value, language)
        else:
            text = "" if value is None else str(value)
        label = field.label.get(language) if field is not None and field.label else field_id
        result.append({"field": field_id, "label": label, "value": value, "text": text})
    return result


kinds.register(EServiceCases())
