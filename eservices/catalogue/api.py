"""Open data: the published e-services as JSON, for anyone to reuse (GET only)."""

from flask import Blueprint

from eservices.catalogue import search
from eservices.catalogue.loading import get_catalogue
from eservices.opendata import json_response as _json
from eservices.opendata import rate_limited
from eservices.permissions import public
from eservices.security import public_url

api_bp = Blueprint("api", __name__)


@api_bp.route("/services")
@public
@rate_limited
def services():
    """Every published service."""
    catalogue = get_catalogue()
    return _json([service_data(catalogue, service) for service in catalogue.published()])


@api_bp.route("/services/<service_id>")
@public
@rate_limited
def service(service_id):
    """One published service; 404 with {"error": "not_found"} otherwise."""
    catalogue = get_catalogue()
    found = search.published_service(catalogue, service_id)
    if found is None:
        return _json({"error": "not_found"}, status=404)
    return _json(service_data(catalogue, found))


def service_data(catalogue, service):
    """A service as plain data: texts in both languages, the description and the form."""
    taxonomy = catalogue.taxonomy
    description = service.description
    return {
        "id": service.id,
        "version": service.version,
        "title": _text(service.title),
        "summary": _text(service.summary),
        "keywords": {"sv": list(service.keywords.sv), "en": list(service.keywords.en)},
        "category": {
            "id": service.category,
            "label": _text(taxonomy.categories[service.category]),
        },
        "life_events": [
            {"id": event, "label": _text(taxonomy.life_events[event])}
            for event in service.life_events
        ],
        "access": service.access,
        "description": {
            "who_may_apply": _text(description.who_may_apply),
            "what_you_need": _text(description.what_you_need),
            "cost": _text(description.cost),
            "processing_days": description.processing_days,
            "legal_basis": _text(description.legal_basis),
            "personal_data": _text(description.personal_data),
            "responsible_unit": description.responsible_unit,
        },
        "retention": {"anonymise_after_days": service.retention_days},
        "steps": [
            {
                "id": step.id,
                "title": _text(step.title),
                "fields": [_field(field) for field in step.fields],
            }
            for step in service.steps
        ],
        "url": public_url("catalogue.service", service_id=service.id),
    }


def _field(field):
    data = {
        "id": field.id,
        "type": field.type,
        "label": _text(field.label),
        "required": field.required,
    }
    if field.text is not None:  # an "info" field shows a text instead of asking
        data["text"] = _text(field.text)
    if field.options:
        data["options"] = [
            {"value": option.value, "label": _text(option.label)} for option in field.options
        ]
    return data


def _text(text):
    if text is None:
        return None
    data = {"sv": text.sv, "en": text.en}
    if text.sv_easy:
        data["sv_easy"] = text.sv_easy
    return data
