"""Browser tests: a live server, Debian's Chromium through Playwright, and axe-core on every page.

Every page that is checked with axe is also laid out at 320 px and measured: it must not be
wider than the screen, and no table cell, button or case number may break a word.

Every document a test's page shows is recorded; a test that leaves one unchecked by
`assert_accessible` fails at teardown, so "axe runs on every page" cannot quietly stop being
true when someone adds a click.
"""

import functools
import os
import threading
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Long enough for a slow CI machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 10_000
# The narrowest phone screen in use; every checked page is laid out at this width too.
PHONE_WIDTH = 320

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html})),
  }));
}"""


def pytest_collection_modifyitems(items):
    """Mark every test in tests/browser so that `-m "not browser"` can leave them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test body failed, so teardown does not pile a second error on."""
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


# --- Browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright():
    """The Playwright driver, started once per session."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: the browser tests need Debian's chromium."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI must run them: install it (`make chromium` as root).")
        pytest.skip(message + " Run `make test` as root or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless Chromium for the whole session."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class _Visits:
    """The documents a page has shown, in order, and whether axe has checked each."""

    def __init__(self, page):
        self.page = page
        self.documents = []  # [url, fragment, checked]
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame != self.page.main_frame or not frame.url.startswith("http"):
            return
        url, fragment = urldefrag(frame.url)
        if self.documents and fragment:
            last_url, last_fragment, _checked = self.documents[-1]
            # Following a link to #main stays in the same document: nothing new to check.
            if url == last_url and fragment != last_fragment:
                return
        self.documents.append([url, fragment, False])

    def checked(self, url):
        """Mark the document being shown as checked."""
        if self.documents and self.documents[-1][0] == urldefrag(url)[0]:
            self.documents[-1][2] = True

    def unchecked(self):
        """URLs of documents that were shown but never checked."""
        return [url for url, _fragment, checked in self.documents if not checked]


@pytest.fixture
def new_page(request, browser, live_server):
    """Open a page in a fresh browser context: new_page(viewport={"width": 320, ...})."""
    contexts, pages = [], []

    def open_page(**context_options):
        # The site sends a strict CSP with nonces; bypass_csp lets us inject axe-core anyway.
        context = browser.new_context(
            base_url=live_server, bypass_csp=True, locale="sv-SE", **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        # Kept on the page itself: test modules import the helpers below from a second copy
        # of this module (pytest loads conftest files under the plain name "conftest").
        page.axe_visits = _Visits(page)
        pages.append(page)
        return page

    yield open_page

    unchecked = [url for page in pages for url in page.axe_visits.unchecked()]
    for context in contexts:
        context.close()
    if unchecked and not getattr(request.node, "browser_call_failed", False):
        pytest.fail(
            "these pages were shown but never checked with assert_accessible(page): "
            + ", ".join(unchecked),
            pytrace=False,
        )


@pytest.fixture
def page(new_page):
    """A browser page at the default size (shadows the HTTP page checker of tests/conftest)."""
    return new_page()


# --- Live server -----------------------------------------------------------------------


@pytest.fixture
def live_server(app):
    """Serve the test app on a free port; yields its base URL.

    Depending on `app` makes the server stop before the app's database is torn down, and the
    pages depend on the server, so the browser lets go of the server first.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    server.server_close()
    thread.join()


# --- Checking pages --------------------------------------------------------------------


@functools.cache
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


# The browser's own layout, measured: is the page wider than the screen, and does a table
# cell, a button or an identifier (a case number) break a word over two lines? A word is
# what lies between white space; each is measured with Range.getClientRects(), and two of
# its boxes that do not share a line mean the word was broken ("Ären|de", "e-|legitimation").
_LAYOUT_PROBLEMS = r"""() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth - width;
  if (overflow > 0) {
    problems.push(`the page is ${overflow}px wider than the ${width}px screen`);
  }
  const isInline = (element) => getComputedStyle(element).display.startsWith("inline");
  const brokenWord = (start, end) => {
    const range = document.createRange();
    range.setStart(start[0], start[1]);
    range.setEnd(end[0], end[1] + 1);
    const boxes = [...range.getClientRects()].filter((box) => box.width > 0 && box.height > 0);
    const lowestTop = Math.max(...boxes.map((box) => box.top));
    const highestBottom = Math.min(...boxes.map((box) => box.bottom));
    return boxes.length > 1 && lowestTop >= highestBottom - 1;
  };
  for (const element of document.querySelectorAll("th, td, button, .button, .identifier")) {
    if (!element.getClientRects().length) continue;  // not shown
    // The characters in reading order; null where a line may end anyway (a <br>, a block).
    const characters = [];
    const shown = NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT;
    const walker = document.createTreeWalker(element, shown);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === "BR" || !isInline(node)) characters.push(null);
        continue;
      }
      const parent = node.parentElement;
      if (parent.closest(".visually-hidden") || !parent.getClientRects().length) continue;
      for (let i = 0; i < node.data.length; i++) characters.push([node, i, node.data[i]]);
    }
    characters.push(null);
    let first = null;
    characters.forEach((character, index) => {
      const between = character === null || /\s/.test(character[2]);
      if (!between && first === null) first = index;
      if (between && first !== null) {
        const word = characters.slice(first, index).map((c) => c[2]).join("");
        if (brokenWord(characters[first], characters[index - 1])) {
          const name = element.className ? "." + element.className.split(" ")[0] : "";
          const where = element.tagName.toLowerCase() + name;
          problems.push(`"${word}" breaks over two lines in ${where}`);
        }
        first = null;
      }
    });
  }
  return problems;
}"""


def layout_problems(page):
    """What the layout does wrong at the page's current size (see _LAYOUT_PROBLEMS)."""
    return page.evaluate(_LAYOUT_PROBLEMS)


def assert_fits_a_phone(page):
    """The page laid out at 320 px: no sideways scrolling, no word broken where it is read.

    The page is narrowed where it stands, with the state it has (logged in, a form half
    filled), and given back its size afterwards.
    """
    size = page.viewport_size
    narrowing = size and size["width"] != PHONE_WIDTH
    if narrowing:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
    try:
        problems = layout_problems(page)
    finally:
        if narrowing:
            page.set_viewport_size(size)
    if problems:
        pytest.fail(
            f"{page.url} at {PHONE_WIDTH} px:\n" + "\n".join(f"- {p}" for p in problems),
            pytrace=False,
        )


def _describe(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:300]}")
    return "\n".join(lines)


def assert_accessible(page):
    """Run axe-core (WCAG 2.1 A and AA rules) on the page as shown; fail on any violation.

    Every page checked here is also checked on a phone's screen (assert_fits_a_phone).
    """
    page.wait_for_load_state("load")
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.add_script_tag(content=_axe_source())
    violations = page.evaluate(_RUN_AXE, AXE_TAGS)
    if hasattr(page, "axe_visits"):
        page.axe_visits.checked(page.url)
    if violations:
        pytest.fail(_describe(page.url, violations), pytrace=False)
    assert_fits_a_phone(page)


def visit(page, url):
    """Go to `url` (a path on the live server, or absolute), check it with axe; the response."""
    response = page.goto(url, wait_until="load")
    assert_accessible(page)
    return response


def click_and_check(page, locator):
    """Click something that loads a new page (a link or a form button), then check that page."""
    with page.expect_navigation(wait_until="load"):
        locator.click()
    assert_accessible(page)


def switch_language(page, name):
    """Use the header's language button ("English" or "Svenska")."""
    button = page.locator("form.language-switch").get_by_role("button", name=name, exact=True)
    click_and_check(page, button)


def submit(page, form_selector="main form"):
    """Press the submit button of the (single) form matched by `form_selector`."""
    form = page.locator(form_selector)
    click_and_check(page, form.locator("button[type=submit]"))


# --- Logging in through the real forms --------------------------------------------------


def ui_login_staff(page, base_url, email, password):
    """Log a staff member in with the form at /personal/logga-in."""
    visit(page, base_url + "/personal/logga-in")
    # By name, not by label: the labels change with the language.
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    submit(page)


def ui_login_resident(page, base_url, pnr, given, family):
    """Log a resident in by typing a test person into /logga-in/test."""
    visit(page, base_url + "/logga-in/test")
    page.fill("input[name=personnummer]", pnr)
    page.fill("input[name=given_name]", given)
    page.fill("input[name=family_name]", family)
    submit(page, "form:has(input[name=personnummer])")
