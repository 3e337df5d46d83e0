"""An anonymised case still opens for its handlers; the resident's ways in are closed."""

from eservices.cases.models import CaseMessage
from eservices.retention import services as retention
from tests.conftest import check_page, staff_client
from tests.retention.conftest import LONG_AGO, PERSONAL


def test_the_handler_sees_the_record_without_the_personal_data(
    app, db, sent_with_photo, close, handler
):
    _client, case, _link = sent_with_photo
    close(case, LONG_AGO)
    number = case.number
    client = staff_client(app, handler)
    before = client.get(f"/handlaggning/arenden/{number}").text
    assert "Anna Andersson" in before and "vid skåpet.png" in before

    retention.run()

    page = client.get(f"/handlaggning/arenden/{number}")
    check_page(page)
    assert number in page.text
    assert "Avslutat" in page.text and "Bifall" in page.text
    assert "Anna" not in page.text
    assert "anna@example.se" not in page.text
    assert "Storgatan" not in page.text and ".png" not in page.text
    assert page.text.count('class="timeline"') == 1


def test_the_follow_link_receipt_and_files_give_nothing_away(app, db, sent_with_photo, close):
    client, case, link = sent_with_photo
    close(case, LONG_AGO)
    number = case.number
    photo = client.get(f"/kvitto/{number}").text.split('href="/bilagor/')[1].split('"')[0]
    assert client.get(link).status_code == 200

    retention.run()

    assert client.get(link).status_code == 404
    assert client.get(f"/bilagor/{photo}").status_code == 404
    # The receipt stays reachable in the session that sent the case: it is empty now.
    receipt = client.get(f"/kvitto/{number}")
    check_page(receipt)
    assert number in receipt.text and "Anna" not in receipt.text


def test_the_receipt_pdf_of_an_anonymised_case_still_downloads(app, db, sent_with_photo, close):
    client, case, _link = sent_with_photo
    close(case, LONG_AGO)
    retention.run()
    pdf = client.get(f"/kvitto/{case.number}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_the_resident_no_longer_finds_the_case_on_my_pages(
    app, db, make_case, close, make_resident, login_resident, client
):
    case = close(make_case(applicant=make_resident(), **PERSONAL), LONG_AGO)
    number = case.number
    login_resident()
    assert number in client.get("/mina-sidor/").text

    retention.run()

    page = client.get("/mina-sidor/")
    check_page(page)
    assert number not in page.text
    assert client.get(f"/kvitto/{number}").status_code == 404


def test_the_thread_keeps_its_shape_and_the_personnummer_is_gone(
    app, db, make_case, close, make_resident, handler
):
    case = make_case(applicant=make_resident(), **PERSONAL)
    db.session.add_all(
        [
            CaseMessage(case_id=case.id, kind="note", author_id=handler.id, body="Anna är arg"),
            CaseMessage(case_id=case.id, kind="reply", body="Hälsningar, Anna"),
        ]
    )
    db.session.commit()
    number = close(case, LONG_AGO).number
    client = staff_client(app, handler)
    before = client.get(f"/handlaggning/arenden/{number}").text
    assert "visa-personnummer" in before and "Anna är arg" in before

    retention.run()

    page = client.get(f"/handlaggning/arenden/{number}")
    check_page(page)
    assert "Anna" not in page.text
    assert "visa-personnummer" not in page.text
    assert page.text.count('class="message message--') == 2
