"""HTTP for the catalogue: the start and search page, browsing, and service descriptions."""

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from eservices.catalogue import bp, search
from eservices.catalogue.loading import get_catalogue
from eservices.extensions import db
from eservices.i18n import localized
from eservices.organisation.models import Unit
from eservices.pagecache import cached_page
from eservices.permissions import public

# The form engine (eservices.submissions) starts a service here.
START_ENDPOINT = "eservices.start"


@bp.route("/")
@public
@cached_page
def index():
    """Search the e-services, browse them by category and life event, or list them all."""
    catalogue = get_catalogue()
    query = search.clean_query(request.args.get("q"))
    return render_template(
        "catalogue/index.html",
        query=query,
        max_query_length=search.MAX_QUERY_LENGTH,
        services=search.search(catalogue, query),
        categories=search.categories(catalogue),
        life_events=search.life_events(catalogue),
    )


@bp.route("/kategori/<category_id>")
@public
@cached_page
def category(category_id):
    """The published services in one category."""
    term = search.category(get_catalogue(), category_id)
    if term is None:
        abort(404)
    return render_template("catalogue/browse.html", term=term, kind="category")


@bp.route("/livshandelse/<event_id>")
@public
@cached_page
def life_event(event_id):
    """The published services for one life event (livshändelse)."""
    term = search.life_event(get_catalogue(), event_id)
    if term is None:
        abort(404)
    return render_template("catalogue/browse.html", term=term, kind="life_event")


@bp.route("/<service_id>")
@public
@cached_page
def service(service_id):
    """The service description (tjänstebeskrivning), with a way to start when there is one."""
    catalogue = get_catalogue()
    found = search.published_service(catalogue, service_id)
    if found is None:
        abort(404)
    return render_template(
        "catalogue/service.html",
        service=found,
        category=search.category(catalogue, found.category),
        unit_name=_unit_name(found.description.responsible_unit),
        retention=search.retention_period(found.retention_days),
        start_url=start_url(found),
    )


def start_url(service):
    """Where the start button posts to: starting creates a draft, so it is a POST."""
    return url_for(START_ENDPOINT, service_id=service.id)


def _unit_name(slug):
    # The definitions name units by slug; the name residents know is in the database.
    unit = db.session.scalar(select(Unit).where(Unit.slug == slug))
    return localized(unit, "name") if unit else slug
