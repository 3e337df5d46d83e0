"""Logging out ends every right the session cookie carried, also for a copy of the cookie."""

from tests.conftest import csrf_token
from tests.fault_report import png, post, upload


def _send_fault_report(client):
    post(client, "/e-tjanster/felanmalan/ansok", {})
    post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    post(
        client,
        "/e-tjanster/felanmalan/steg/2",
        {"location__description": "Järntorget", "action": "next"},
    )
    upload(client, ("gunga.png", png()), description="Gungan är trasig")
    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    receipt = post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"]
    return receipt.rsplit("/", 1)[1]


def _log_out(client):
    token = csrf_token(client.get("/").text)
    assert client.post("/logga-ut", data={"csrf_token": token}).status_code == 302


def test_a_cookie_copied_before_log_out_opens_no_receipt_after_it(
    app, client, units, login_resident
):
    login_resident()
    number = _send_fault_report(client)
    assert client.get(f"/kvitto/{number}").status_code == 200
    copied = client.get_cookie("session").value
    _log_out(client)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get(f"/kvitto/{number}").status_code == 404
    assert thief.get(f"/kvitto/{number}.pdf").status_code == 404
    assert thief.get("/mina-sidor/").status_code == 302


def test_the_browser_that_logged_out_keeps_the_message_that_it_did(client, login_resident):
    login_resident()
    _log_out(client)
    assert "Du är utloggad" in client.get("/").text
