"""Who may use each moderation route: a matrix of every route against every kind of visitor."""

import pytest

from eservices.moderation import reports
from tests.conftest import csrf_token, session_token, staff_client
from tests.moderation.conftest import KIND

# (method, url template): every route of the moderation blueprint. {item} is a waiting
# queue item, {public} a public notice with an open report.
STAFF_ROUTES = [
    ("GET", "/moderering/"),
    ("GET", "/moderering/?vy=parkerade"),
    ("GET", "/moderering/{item}"),
    ("POST", "/moderering/{item}/ta"),
    ("POST", "/moderering/{item}/slapp"),
    ("GET", "/moderering/{item}/godkann"),
    ("POST", "/moderering/{item}/godkann"),
    ("GET", "/moderering/{item}/avvisa"),
    ("POST", "/moderering/{item}/avvisa"),
    ("GET", "/moderering/{item}/begar-andringar"),
    ("POST", "/moderering/{item}/begar-andringar"),
    ("GET", "/moderering/{item}/parkera"),
    ("POST", "/moderering/{item}/parkera"),
    ("POST", "/moderering/{item}/ateruppta"),
    ("GET", "/moderering/anmalningar"),
    ("GET", "/moderering/anmalningar/notice/{public}"),
    ("GET", "/moderering/anmalningar/notice/{public}/behall"),
    ("POST", "/moderering/anmalningar/notice/{public}/behall"),
    ("GET", "/moderering/anmalningar/notice/{public}/ta-bort"),
    ("POST", "/moderering/anmalningar/notice/{public}/ta-bort"),
    ("GET", "/moderering/oversikt"),
]
PUBLIC_ROUTES = [
    ("GET", "/e-forslag/regler"),
    ("GET", "/ungdomsval/regler"),
    ("GET", "/anmal/notice/{public}"),
    ("POST", "/anmal/notice/{public}"),
]
WHO = ["anonymous", "resident", "moderator", "committee_secretary", "admin", "handler"]


def test_the_matrix_covers_every_route_of_the_blueprint(app):
    endpoints = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("moderation.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {
        (method, url.replace("{item}", "<int:item_id>").split("?")[0])
        for method, url in STAFF_ROUTES + PUBLIC_ROUTES
    }
    listed = {
        (method, url.replace("notice/{public}", "<kind_name>/<object_id>"))
        for method, url in listed
    }
    assert listed == endpoints


@pytest.fixture
def visitor(app, client, make_staff, login_resident):
    """A client for each kind of visitor."""

    def make(who):
        if who == "anonymous":
            return client
        if who == "resident":
            login_resident()
            return client
        return staff_client(app, make_staff(role=who))

    return make


@pytest.mark.parametrize("who", WHO)
def test_only_moderators_reach_the_moderation_pages_and_actions(db, board, visitor, who):
    client = visitor(who)
    for method, template in STAFF_ROUTES:
        _notice, item = board.submit(db)
        public = board.publish(db)
        reports.report(KIND, public.id, "Spam", ip="10.0.0.1")
        url = template.format(item=item.id, public=public.id)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": session_token(client)})
        where = f"{who} {method} {url}"
        if who == "anonymous":
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/personal/logga-in?next="), where
        elif who == "moderator":
            assert response.status_code in (200, 302, 400), where
            assert "logga-in" not in response.headers.get("Location", ""), where
        else:
            assert response.status_code == 403, where


@pytest.mark.parametrize("who", WHO)
def test_everyone_reaches_the_rules_and_can_report(db, board, visitor, who):
    client = visitor(who)
    public = board.publish(db)
    for method, template in PUBLIC_ROUTES:
        url = template.format(public=public.id)
        if method == "GET":
            assert client.get(url).status_code == 200, (who, url)
        else:
            token = csrf_token(client.get(url).text)
            response = client.post(url, data={"csrf_token": token, "reason": "Spam"})
            assert response.status_code == 302, (who, url)
            assert response.headers["Location"] == f"/anslag/{public.id}"
    assert len(reports.open_reports(KIND, public.id)) == 1
