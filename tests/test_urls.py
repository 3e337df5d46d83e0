"""Every address people have bookmarked or been sent keeps working.

The list is written out by hand on purpose: renaming a Swedish URL breaks residents'
bookmarks, links in e-mails already sent and links from the municipality's other sites,
so a rename must be a decision (with a redirect), never a side effect. A new page must be
added here, which is when its address gets a second look.
"""

import re

import pytest

from eservices.extensions import db

ADDRESSES = {
    "/": "main.index",
    "/om-webbplatsen": "main.about",
    "/tillganglighet": "main.accessibility",
    "/healthz": "main.healthz",
    # The catalogue and filling in an e-service
    "/e-tjanster/": "catalogue.index",
    "/e-tjanster/felanmalan": "catalogue.service",
    "/e-tjanster/kategori/trafik-och-gator": "catalogue.category",
    "/e-tjanster/livshandelse/flytta": "catalogue.life_event",
    "/e-tjanster/felanmalan/steg/1": "eservices.step",
    "/e-tjanster/felanmalan/granska": "eservices.review",
    "/kvitto/2026-000001": "eservices.receipt",
    "/kvitto/2026-000001.pdf": "eservices.receipt_pdf",
    "/folj/abc123": "follow.case",
    "/bilagor/abc123": "attachments.download",
    # Residents
    "/logga-in": "accounts.login",
    "/logga-in/e-legitimation": "accounts.oidc_start",
    "/logga-in/e-legitimation/retur": "accounts.oidc_callback",
    "/logga-in/test": "accounts.test_eid",
    "/bekrafta-e-post/abc123": "accounts.confirm_email",
    "/mina-sidor/": "mypages.index",
    "/mina-sidor/arenden": "mypages.cases",
    "/mina-sidor/arenden/2026-000001": "mypages.case",
    "/mina-sidor/utkast": "mypages.drafts",
    "/mina-sidor/profil": "mypages.profile",
    "/mina-sidor/mina-uppgifter/": "privacy.index",
    "/mina-sidor/mina-uppgifter/export.json": "privacy.export",
    "/mina-sidor/mina-uppgifter/ta-bort": "privacy.remove",
    # E-proposals
    "/e-forslag/": "proposals.index",
    "/e-forslag/flode.atom": "proposals.feed",
    "/e-forslag/12": "proposals.short",
    "/e-forslag/12-fler-parkbankar": "proposals.show",
    "/e-forslag/12/bild": "proposals.image",
    "/e-forslag/nytt": "proposals.new",
    "/e-forslag/12/andra": "proposals.edit",
    "/e-forslag/12/granska": "proposals.preview",
    "/e-forslag/12/radera": "proposals.delete",
    "/e-forslag/12/kommentarer/3/radera": "proposals.delete_comment",
    "/e-forslag/12/svar": "proposals.answer",
    "/e-forslag/12/pappersstod": "proposals.paper_support",
    "/e-forslag/medborgarkontor/nytt-forslag": "proposals.proposal_on_behalf",
    "/e-forslag/forsenade-svar": "proposals.overdue",
    "/mina-sidor/stod": "proposals.my_supports",
    "/mina-sidor/mina-forslag": "proposals.mine",
    # Rules, reports and open data
    "/e-forslag/regler": "moderation.proposal_rules",
    "/ungdomsval/regler": "moderation.election_rules",
    "/anmal/proposal/1": "moderation.report",
    "/api/v1/services": "api.services",
    "/api/v1/services/felanmalan": "api.service",
    "/api/v1/cases": "cases_api.cases",
    "/api/v1/cases/2026-000001": "cases_api.case",
    "/api/v1/cases/2026-000001/attachments/abc123": "cases_api.attachment",
    "/api/v1/proposals": "proposals_api.proposals",
    "/api/v1/proposals.csv": "proposals_api.proposals_csv",
    "/api/v1/proposals/12": "proposals_api.proposal",
    "/api/openapi.json": "opendata.openapi",
    # The youth election: voters and the public
    "/ungdomsval/": "youth.index",
    "/ungdomsval/rosta": "youth.start",
    "/ungdomsval/rosta/e-legitimation": "youth.eid_start",
    "/ungdomsval/rosta/e-legitimation/retur": "youth.eid_return",
    "/ungdomsval/rosta/test-e-legitimation": "youth.test_eid",
    "/ungdomsval/valsedel": "youth.ballot",
    "/ungdomsval/valsedel/bekrafta": "youth.confirm",
    "/ungdomsval/har-rostat": "youth.voted",
    "/ungdomsval/kandidera": "youth.stand",
    "/ungdomsval/kandidater": "youth.candidate_list",
    "/ungdomsval/kandidater/3/bild": "youth.candidate_photo",
    "/ungdomsval/2026/resultat": "youth.result",
    "/ungdomsval/2026/resultat.csv": "youth.result_csv",
    "/ungdomsval/2026/resultat.json": "youth.result_json",
    "/ungdomsval/2026/valsedlar": "youth.ballots",
    "/ungdomsval/2026/min-rost": "youth.tracker",
    # The youth election: administrators
    "/ungdomsval/admin/": "youth_admin.index",
    "/ungdomsval/admin/nytt": "youth_admin.settings",
    "/ungdomsval/admin/2026": "youth_admin.election",
    "/ungdomsval/admin/2026/installningar": "youth_admin.settings",
    "/ungdomsval/admin/2026/omraden/1/mandat": "youth_admin.override",
    "/ungdomsval/admin/2026/rostlangd": "youth_admin.census_import",
    "/ungdomsval/admin/2026/rostlangd/publicera": "youth_admin.publish_census",
    "/ungdomsval/admin/2026/certifiera": "youth_admin.certify",
    # The youth election: school contacts
    "/ungdomsval/skola/": "youth_school.index",
    "/ungdomsval/skola/1": "youth_school.school",
    "/ungdomsval/skola/1/kandidat": "youth_school.register_pupil",
    "/ungdomsval/skola/1/klass/7A/koder": "youth_school.class_codes",
    # Staff, whose links arrive in e-mails too
    "/personal": "main.staff_home",
    "/personal/logga-in": "accounts.staff_login",
    "/personal/logga-in/kod": "accounts.staff_totp",
    "/personal/konto": "accounts.staff_account",
    "/personal/tvastegsverifiering": "accounts.totp_setup",
    "/personal/satt-losenord/abc123": "accounts.set_password",
    "/handlaggning/": "casework.queue",
    "/handlaggning/arenden/2026-000001": "casework.case",
    "/handlaggning/leveranser": "integrations.deliveries",
    "/statistik/": "statistics.overview",
    "/statistik/arenden.csv": "statistics.export",
    "/moderering/": "moderation.queue",
    "/moderering/1": "moderation.item",
    "/moderering/1/godkann": "moderation.approve",
    "/moderering/1/avvisa": "moderation.reject",
    "/moderering/1/begar-andringar": "moderation.request_changes",
    "/moderering/1/parkera": "moderation.park",
    "/moderering/oversikt": "moderation.overview",
    "/moderering/anmalningar": "moderation.reports_queue",
    "/moderering/anmalningar/comment/1": "moderation.reported",
    "/moderering/anmalningar/comment/1/behall": "moderation.keep",
    "/moderering/anmalningar/comment/1/ta-bort": "moderation.remove",
    "/admin/": "admin.index",
    "/admin/logg": "admin.audit_log",
    "/admin/e-post": "admin.failed_emails",
    "/admin/enheter": "admin.unit_list",
    "/admin/enheter/ny": "admin.unit_edit",
    "/admin/enheter/1": "admin.unit_edit",
    "/admin/enheter/1/integrationer": "integrations.unit_integrations",
    "/admin/api-klienter/1/aterkalla": "integrations.revoke_client",
    "/admin/namnder": "admin.committee_list",
    "/admin/namnder/ny": "admin.committee_edit",
    "/admin/namnder/1": "admin.committee_edit",
    "/admin/personal": "admin.staff_list",
    "/admin/personal/ny": "admin.staff_new",
    "/admin/personal/1": "admin.staff_edit",
    "/admin/personal/1/tvastegsverifiering": "admin.staff_reset_totp",
}


@pytest.fixture
def urls(app):
    return app.url_map.bind("localhost")


@pytest.mark.parametrize("address", sorted(ADDRESSES))
def test_a_known_address_still_leads_to_its_page(urls, address):
    endpoint, _ = urls.match(address, method="GET")
    assert endpoint == ADDRESSES[address]


def test_every_page_has_its_address_listed(app, urls):
    listed = {urls.match(address, method="GET")[0] for address in ADDRESSES}
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    }
    unlisted = sorted(pages - listed)
    assert not unlisted, f"add an address for each new page to ADDRESSES: {unlisted}"


def _routes_with_ids():
    """(rule, method, argument) for each whole-number argument of each route, read from the
    app's URL map: a route added later is covered without a change here."""
    from werkzeug.routing import IntegerConverter

    from eservices import create_app

    app = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://")
    found = []
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                found.append((rule, method, name))
    return found


ROUTES_WITH_IDS = _routes_with_ids()


@pytest.fixture(scope="module")
def shared_client(database_template, tmp_path_factory):
    """One client for the many requests below, none of which writes to the database."""
    from eservices import create_app
    from tests.conftest import ON_POSTGRES, IsolatedClient

    url = database_template if ON_POSTGRES else f"sqlite:///{database_template}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ESERVICES_INSTANCE", str(tmp_path_factory.mktemp("instance")))
        app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
        app.test_client_class = IsolatedClient
        yield app.test_client()
        with app.app_context():
            db.engine.dispose()


def test_routes_with_ids_are_found():
    assert {rule.endpoint for rule, _, _ in ROUTES_WITH_IDS} >= {
        "proposals.short",
        "proposals.show",
        "proposals_api.proposal",
        "moderation.item",
        "youth_admin.override",
    }


@pytest.mark.parametrize("number", [2**31, 2**63, 10**20])
@pytest.mark.parametrize(
    ("rule", "method", "argument"),
    ROUTES_WITH_IDS,
    ids=[f"{method} {rule.rule} {argument}" for rule, method, argument in ROUTES_WITH_IDS],
)
def test_a_number_no_id_can_hold_is_not_found(shared_client, rule, method, argument, number):
    path = rule.rule
    for name in rule._converters:
        shown = number if name == argument else 1
        path = re.sub(rf"<[^:>]+:{name}>|<{name}>", str(shown), path)
    path = re.sub(r"<(?:[^:>]+:)?[^>]+>", "x", path)
    response = shared_client.open(path, method=method)
    assert response.status_code == 404, path
