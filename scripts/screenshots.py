"""Screenshots of the pages people use most, from the demo data, at 1280 and 320 px.

`make screenshots` writes PNGs to screenshots/ (not committed): the handler's queue and case
page (waiting for the resident, and in progress with the decision to make), the statistics,
Mina sidor, a case there, and two receipts (Anna's, logged in, and an anonymous one with its
follow link), and prints each one's size. A fresh SQLite database in a temporary folder gets
the demo data; nothing touches the instance folder.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--lang sv|en]
"""

import argparse
import logging
import os
import struct
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 320)
HANDLER = "handlaggare@example.se"
MANAGER = "chef@example.se"


def _serve(instance):
    """The demo platform on a free port of 127.0.0.1; returns (app, base URL, stop)."""
    os.environ["ESERVICES_INSTANCE"] = str(instance)
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    from eservices import create_app, demo

    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance}/demo.sqlite")
    with app.app_context():
        upgrade()
        demo.load()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join()

    return app, base_url, stop


def _demo_cases(app):
    """Anna's case with an open completion request, a case with a decision, and a case in
    progress (its page offers the decision)."""
    from sqlalchemy import select

    from eservices.cases.models import Case
    from eservices.extensions import db

    with app.app_context():
        cases = db.session.scalars(select(Case).order_by(Case.submitted_at)).all()
        waiting = next(c.number for c in cases if c.applicant_id and c.status == "awaiting_info")
        decided = next(c.number for c in cases if c.applicant_id and c.decision)
        in_progress = next(c.number for c in cases if c.status == "in_progress")
    return waiting, decided, in_progress


def _log_in_staff(page, email):
    from eservices.demo import DEMO_PASSWORD

    page.goto("/personal/logga-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/personal")


def _log_in_anna(page):
    page.goto("/logga-in/test")
    page.locator(".test-persons form").first.locator("button").click()
    page.wait_for_url("**/mina-sidor/")


def _send_anonymous_fault_report(page):
    """Fill in the fault report without logging in; ends on its receipt."""
    page.goto("/e-tjanster/felanmalan")
    page.locator("main form[action$='/ansok'] button[type=submit]").click()
    page.locator("input[name=category]").first.check()
    page.locator(".button-group button[value=next]").click()
    page.fill("[name=location__description]", "Korsningen Avenyn och Vasagatan")
    page.locator(".button-group button[value=next]").click()
    page.fill("textarea[name=description]", "Signalen visar rött åt alla håll.")
    page.locator(".button-group button[value=next]").click()
    page.locator("input[name=wants_reply][value=no]").check()
    page.locator(".button-group button[value=next]").click()
    page.locator("main form button.button[type=submit]").click()
    page.wait_for_url("**/kvitto/*")


def _size(png):
    """The picture's width and height as "1280 × 2300 px", read from the PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return f"{width} × {height} px"


def _shoot(browser, base_url, out, language, views):
    """Open a fresh context per width and run each view: (file name or None, function)."""
    for width in WIDTHS:
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": 900},
            locale="sv-SE",
        )
        context.add_cookies([{"name": "lang", "value": language, "url": base_url}])
        page = context.new_page()
        for name, show in views:
            show(page)
            if name is None:  # a step on the way, such as logging in
                continue
            page.wait_for_load_state("load")
            path = out / f"{name}-{width}.png"
            png = page.screenshot(path=path, full_page=True)
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"{shown}  {_size(png)}")
        context.close()


def main():
    """Serve the demo, take the screenshots, stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--lang", default="sv", choices=("sv", "en"))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as instance:
        app, base_url, stop = _serve(Path(instance))
        waiting, decided, in_progress = _demo_cases(app)
        suffix = "" if args.lang == "sv" else "-en"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                handler = [
                    (None, lambda page: _log_in_staff(page, HANDLER)),
                    ("queue", lambda page: page.goto("/handlaggning/")),
                    ("case", lambda page: page.goto(f"/handlaggning/arenden/{waiting}")),
                    (
                        "case-in-progress",
                        lambda page: page.goto(f"/handlaggning/arenden/{in_progress}"),
                    ),
                ]
                manager = [
                    (None, lambda page: _log_in_staff(page, MANAGER)),
                    ("statistics", lambda page: page.goto("/statistik/")),
                ]
                resident = [
                    (None, _log_in_anna),
                    ("mypages", lambda page: page.goto("/mina-sidor/")),
                    ("mypages-case", lambda page: page.goto(f"/mina-sidor/arenden/{waiting}")),
                    ("receipt", lambda page: page.goto(f"/kvitto/{decided}")),
                ]
                anonymous = [("receipt-anonymous", _send_anonymous_fault_report)]
                for views in (handler, manager, resident, anonymous):
                    named = [(name and f"{name}{suffix}", show) for name, show in views]
                    _shoot(browser, base_url, out, args.lang, named)
                browser.close()
        finally:
            stop()


if __name__ == "__main__":
    main()
