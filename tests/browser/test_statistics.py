"""A manager reads the statistics in the browser: charts, tables, the filter and its errors."""

from datetime import timedelta

from eservices.database import utcnow
from tests.browser.conftest import click_and_check, submit, ui_login_staff, visit
from tests.conftest import PASSWORD


def test_a_manager_reads_and_filters_the_statistics(
    page, live_server, db, make_unit, make_staff, make_case
):
    unit = make_unit(slug="felanmalan", name_sv="Felanmälan och drift", name_en="Fault reports")
    received = utcnow() - timedelta(days=20)
    for days, channel in ((1.5, "digital"), (3, "digital"), (4, "paper")):
        make_case(
            unit=unit,
            submitted_at=received,
            channel=channel,
            decided_at=received + timedelta(days=days),
        )
    make_case(
        unit=unit, submitted_at=received, channel="phone", completion_requests=1
    )  # open and overdue
    make_case(
        unit=unit,
        submitted_at=received,
        service_id="skolskjuts",
        due_at=utcnow() + timedelta(days=30),
    )
    manager = make_staff(role="manager")

    ui_login_staff(page, live_server, manager.login_email, PASSWORD)
    click_and_check(page, page.locator(".site-nav a[href='/statistik/']"))
    assert page.locator("svg[role=img]").count() == 4
    chart = page.locator("#chart-submissions")
    assert chart.get_attribute("aria-labelledby") == (
        "chart-submissions-title chart-submissions-desc"
    )
    assert page.locator("#chart-submissions-title").text_content().strip()
    assert "3,0" in page.locator("main").inner_text()  # the median lead time, in Swedish

    page.locator(".statistics-filters summary").click()  # other months than the quick choices
    page.fill("input[name=fran]", "förra året")
    submit(page, "main form")
    assert page.title().startswith("Fel:")
    assert page.locator(".error-summary a[href='#fran']").is_visible()
    assert page.locator("#fran-error").is_visible()
    assert page.locator("svg").count() == 0

    page.fill("input[name=fran]", "")
    page.select_option("select[name=tjanst]", "skolskjuts")
    submit(page, "main form")
    assert page.locator("svg[role=img]").count() == 3  # nothing decided: no lead-time chart


def test_the_charts_keep_their_marks_in_forced_colours(
    page, live_server, db, make_unit, make_staff, make_case
):
    unit = make_unit(slug="felanmalan", name_sv="Felanmälan och drift", name_en="Fault reports")
    make_case(unit=unit, submitted_at=utcnow() - timedelta(days=3))
    make_case(unit=unit, submitted_at=utcnow() - timedelta(days=3), channel="paper")
    manager = make_staff(role="manager")
    ui_login_staff(page, live_server, manager.login_email, PASSWORD)
    page.emulate_media(forced_colors="active")
    visit(page, live_server + "/statistik/")
    colours = page.evaluate(
        """() => {
          const chart = document.getElementById("chart-submissions");
          const fill = (selector) => getComputedStyle(chart.querySelector(selector)).fill;
          return {
            text: fill("text"),
            solid: fill(".chart__segment--solid"),
            stripe: fill("pattern .chart__stripe"),
            ground: fill("pattern .chart__stripe-ground"),
          };
        }"""
    )
    # Bars in the user's text colour; stripes stand out from the page colour behind them.
    assert colours["solid"] == colours["text"] == colours["stripe"]
    assert colours["ground"] != colours["stripe"]
