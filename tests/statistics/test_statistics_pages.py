"""The statistics page and its CSV files, as a manager uses them, and who is kept out."""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import SWEDEN, start_of_day, utcnow
from tests.conftest import check_page, staff_client
from tests.factories import at

QUARTER = "?fran=2026-01&till=2026-03"


@pytest.fixture
def unit(make_unit):
    """The unit that gets the cases."""
    return make_unit(slug="felanmalan", name_sv="Felanmälan och drift", name_en="Fault reports")


@pytest.fixture
def cases(db, unit, make_case):
    """Five cases in January and February 2026; see each line."""
    received = at(2026, 1, 10, 12)
    make_case(
        unit=unit, submitted_at=received, decided_at=at(2026, 1, 12, 0), completion_requests=1
    )  # 1.5 days
    make_case(unit=unit, submitted_at=received, decided_at=at(2026, 1, 13, 12))  # 3 days
    make_case(unit=unit, submitted_at=received, decided_at=at(2026, 1, 14, 12))  # 4 days
    make_case(
        unit=unit, submitted_at=at(2026, 1, 20), channel="paper", completion_requests=2
    )  # open, overdue
    make_case(
        unit=unit,
        submitted_at=at(2026, 2, 5),
        channel="phone",
        service_id="skolskjuts",
        due_at=at(2099, 1, 1),
    )  # open, not due yet


@pytest.fixture
def manager(app, make_staff):
    """A client logged in as a manager, reading the site in English."""
    client = staff_client(app, make_staff(role="manager"))
    client.set_cookie("lang", "en")
    return client


class _Tables(HTMLParser):
    """Every table on a page: caption → rows of cell texts (th and td alike)."""

    def __init__(self):
        super().__init__()
        self.tables, self._caption, self._row, self._cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._current = self.tables.setdefault(" ".join(self._caption.split()), [])
            self._caption = None
        elif tag in ("th", "td"):
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr":
            self._current.append(self._row)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._caption is not None:
            self._caption += data


def tables(html):
    """The page's tables by caption."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_a_manager_sees_the_figures_in_tables(manager, cases):
    response = manager.get("/statistik/" + QUARTER)
    check_page(response)
    found = tables(response.text)
    assert found["Submissions per month, all e-services"] == [
        ["Month", "Digitally", "By staff", "Total", "Share digital"],
        ["January 2026", "3", "1", "4", "75%"],
        ["February 2026", "0", "1", "1", "0%"],
        ["March 2026", "No cases submitted"],
        ["All months", "3", "2", "5", "60%"],
    ]
    per_service = found["Submissions per e-service, January 2026 to March 2026"]
    # In the catalogue's order, by Swedish title: "Ansök om skolskjuts", "Felanmälan".
    assert per_service[1:] == [
        ["Apply for school transport", "0", "1", "1", "0%"],
        ["Report a fault", "3", "1", "4", "75%"],
    ]
    lead_time = found["Lead time in days per month of decision, all e-services"]
    assert lead_time[1] == ["January 2026", "3", "3.0", "4.0"]
    assert lead_time[2] == ["February 2026 to March 2026", "No cases decided"]
    assert found["Open and overdue cases per unit now, all e-services"][1:] == [
        ["Fault reports", "2", "1"]
    ]
    assert found["Completion requests per e-service, January 2026 to March 2026"][1:] == [
        ["Apply for school transport", "1", "0", "0%", "0"],
        ["Report a fault", "4", "2", "50%", "3"],
        ["All e-services", "5", "2", "40%", "3"],
    ]


def test_each_chart_is_an_svg_image_with_a_title_and_a_description(manager, cases):
    html = manager.get("/statistik/" + QUARTER).text
    charts = re.findall(r'<svg class="chart"[^>]*>', html)
    assert len(charts) == 4
    for svg in charts:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^"]+)"', svg)[1].split()
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', html)
        assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', html)
    assert '<title id="chart-submissions-title">Submissions per month</title>' in html
    # Direct labels: each bar's figures are written out, not left to colour.
    assert "4 in all: 3 digitally, 1 by staff" in html
    assert "Median 3.0 days (3 decided)" in html and "90th percentile 4.0 days" in html
    assert "2 open, of which 1 overdue" in html
    # January's bar is the longest (4 cases): 3 digital, then 1 by staff, striped.
    submissions = html.split('id="chart-submissions"')[1].split("</svg>")[0]
    bars = re.findall(
        r'chart__segment--(\w+)" x="([\d.]+)%" y="\d+" width="([\d.]+)%"', submissions
    )
    assert bars[:2] == [("solid", "0.0", "75.0"), ("striped", "75.0", "25.0")]
    assert bars[2] == ("striped", "0.0", "25.0")  # February: 1 by staff


def test_one_e_service_can_be_chosen(manager, cases):
    response = manager.get("/statistik/" + QUARTER + "&tjanst=skolskjuts")
    check_page(response)
    found = tables(response.text)
    assert found["Submissions per month, Apply for school transport"][1:3] == [
        ["January 2026", "No cases submitted"],
        ["February 2026", "0", "1", "1", "0%"],
    ]
    assert "No cases were decided in these months." in response.text
    assert "Report a fault" not in response.text.split("</form>")[-1]


def test_without_a_period_the_last_twelve_months_are_shown(manager, db, unit, make_case):
    make_case(unit=unit, submitted_at=utcnow() - timedelta(days=400))
    # Early in this month in Swedish time, which may still be last month in UTC.
    this_month = utcnow().astimezone(SWEDEN).date().replace(day=1)
    make_case(unit=unit, submitted_at=start_of_day(this_month) + timedelta(minutes=1))
    response = manager.get("/statistik/")
    check_page(response)
    found = tables(response.text)
    (caption,) = [key for key in found if key.startswith("Submissions per month")]
    # Eleven empty months are one row that says so, not eleven rows of zeros.
    assert len(found[caption]) == 1 + 2 + 1  # heading, the empty months, this month, sum
    assert " to " in found[caption][1][0] and found[caption][1][1:] == ["No cases submitted"]
    assert found[caption][2][1:] == ["1", "0", "1", "100%"]
    assert found[caption][-1] == ["All months", "1", "0", "1", "100%"]
    assert re.search(r'id="fran"[^>]*value="\d{4}-\d{2}"', response.text)  # filled in


def test_swedish_pages_write_decimals_with_a_comma(app, make_staff, cases):
    client = staff_client(app, make_staff(role="admin"))
    response = client.get("/statistik/" + QUARTER)
    check_page(response)
    assert "januari 2026" in response.text
    assert ">3,0<" in response.text and ">4,0<" in response.text


def test_nothing_to_show_is_said_plainly(manager, db):
    response = manager.get("/statistik/" + QUARTER)
    check_page(response)
    assert "No cases were submitted in these months." in response.text
    assert "No unit has open cases." in response.text
    assert "<svg" not in response.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("fran=2026-13", "fran", "“From month”: enter a year and a month"),
        ("fran=mars&till=2026-03", "fran", "“From month”: enter a year and a month"),
        ("till=2026-3-1", "till", "“To month”: enter a year and a month"),
        ("fran=2026-05&till=2026-03", "till", "must not be before the from month"),
        ("fran=2023-01&till=2026-03", "till", "at most 24 months"),
        ("tjanst=inte-en-tjanst", "tjanst", "Choose one of the options for “E-service”."),
        ("fran=" + "2" * 5000, "fran", "at most 20 characters"),
        ("fran=1999-12&till=2000-01", "fran", "“From month”: enter a year and a month"),
    ],
)
def test_bad_filter_input_shows_the_form_with_its_errors(manager, query, field, message):
    response = manager.get("/statistik/?" + query)
    check_page(response, status=400)
    error = re.search(
        rf'<p class="field__error" id="{field}-error">(.*?)</p>', response.text, re.S
    )
    assert error and message in error[1]
    assert f'href="#{field}"' in response.text  # the error summary links to the field
    assert "<title>Error: Statistics" in response.text
    assert "<svg" not in response.text
    assert manager.get("/statistik/inkomna.csv?" + query).status_code == 400


def test_submissions_download_as_semicolon_separated_utf8_with_a_bom(app, db, manager, cases):
    response = manager.get("/statistik/inkomna.csv" + QUARTER)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="inkomna-2026-01-2026-03.csv"'
    )
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        [
            "Month",
            "E-service",
            "Submitted digitally",
            "Registered by staff",
            "Total",
            "Share digital (%)",
        ],
        ["2026-01", "Report a fault", "3", "1", "4", "75,0"],
        ["2026-02", "Apply for school transport", "0", "1", "1", "0,0"],
    ]
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "statistics.exported")
    ).one()
    assert (event.object_type, event.object_id) == ("statistics", "inkomna")
    assert event.details == {"first_month": "2026-01", "last_month": "2026-03", "service": None}
    assert event.actor_label.startswith("Test Person")


def test_every_section_downloads(manager, cases):
    def rows(name):
        response = manager.get(f"/statistik/{name}.csv" + QUARTER)
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))

    assert rows("handlaggningstid")[1:] == [["2026-01", "Report a fault", "3", "3,0", "4,0"]]
    assert rows("kompletteringar")[1:] == [
        ["2026-01", "Report a fault", "4", "2", "50,0", "3"],
        ["2026-02", "Apply for school transport", "1", "0", "0,0", "0"],
    ]
    assert rows("balans") == [["Unit", "Open cases", "Overdue cases"], ["Fault reports", "2", "1"]]
    assert manager.get("/statistik/hemligt.csv").status_code == 404


def test_the_page_links_to_each_download_with_the_same_filter(manager, cases):
    html = manager.get("/statistik/" + QUARTER + "&tjanst=felanmalan").text
    for name in ("inkomna", "handlaggningstid", "balans", "kompletteringar"):
        assert (
            f'href="/statistik/{name}.csv?fran=2026-01&amp;till=2026-03&amp;tjanst=felanmalan"'
            in html
        )


def test_a_unit_name_cannot_smuggle_a_formula_into_excel(manager, db, make_unit, make_case):
    unit = make_unit(slug="x", name_sv='=HYPERLINK("http://x")', name_en="=HYPERLINK(1)")
    make_case(unit=unit, submitted_at=at(2026, 1, 5))
    text = manager.get("/statistik/balans.csv").data.decode("utf-8-sig")
    assert "\r\n'=HYPERLINK(1);1;" in text


@pytest.mark.parametrize("url", ["/statistik/", "/statistik/inkomna.csv"])
def test_a_handler_is_refused(app, make_staff, unit, url):
    client = staff_client(app, make_staff(role="handler", units=[unit]))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/statistik/", "/statistik/balans.csv"])
def test_anonymous_visitors_are_sent_to_the_staff_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/personal/logga-in?next=")


def test_the_menu_links_to_statistics_only_for_those_who_may_see_them(app, make_staff, unit):
    link = 'href="/statistik/"'
    assert link in staff_client(app, make_staff(role="manager")).get("/personal").text
    assert (
        link
        not in staff_client(app, make_staff(role="handler", units=[unit])).get("/personal").text
    )


def test_lead_times_are_fractional_days(manager, db, unit, make_case):
    received = at(2026, 2, 1, 6)
    make_case(unit=unit, submitted_at=received, decided_at=received + timedelta(hours=36))
    html = manager.get("/statistik/" + QUARTER).text
    assert "Median 1.5 days (1 decided)" in html
