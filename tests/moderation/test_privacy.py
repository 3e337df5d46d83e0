"""A resident's reports are in their data download and go when they remove the account."""

import json

from eservices.moderation import reports
from eservices.privacy import services as privacy
from tests.conftest import check_page, csrf_token
from tests.moderation.conftest import KIND


def test_the_download_holds_the_residents_reports_and_removal_deletes_them(
    app, db, board, make_resident
):
    notice = board.publish(db)
    anna = make_resident()
    reports.report(KIND, notice.id, "Reklam för en firma", anna)
    reports.report(KIND, notice.id, "Någon annans", ip="10.0.0.1")
    with app.test_request_context():
        document = json.loads(privacy.export(anna, "sv").text)
    assert [(r["item"], r["reason"]) for r in document["moderation_reports"]] == [
        (notice.id, "Reklam för en firma")
    ]
    with app.test_request_context():
        privacy.remove_account(anna)
    assert [r.reason for r in reports.open_reports(KIND, notice.id)] == ["Någon annans"]


def test_the_your_data_page_lists_the_reports(client, db, board, login_resident):
    notice = board.publish(db)
    login_resident()
    url = f"/anmal/{KIND}/{notice.id}"
    client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "reason": "Spam"})
    page = client.get("/mina-sidor/mina-uppgifter/")
    check_page(page)
    assert "Dina anmälningar till moderatorerna" in page.text
    assert "Spam" in page.text
