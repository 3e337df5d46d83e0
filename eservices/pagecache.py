"""Public pages rendered once and served again to anonymous visitors for a few seconds.

The start page, the catalogue, the rules and the log-in pages, the e-proposals and the youth
election's public pages are the same for every anonymous visitor in a language: they are what
a spike (a viral proposal, election week) hits, and rendering them costs many times what
serving them does. ``@cached_page`` keeps the text a view returns (a page of HTML, or a
response of its own such as the Atom feed), per address and language, in each worker process,
and serves it again for ``PAGE_CACHE_SECONDS``. Only the two values that differ per request
are put in afresh: the CSP nonce and, on a page with a form, the CSRF token (whose session
cookie is set as before).

A kept page is served by the first request hook, before the others (the rate limiter, the
CSRF check of a POST) spend anything on it. A request that carries neither a session cookie
nor a remember cookie is an anonymous visitor's, known without opening a session or loading
a user: such a visitor gets a page with no cookie at all, unless it holds a form. A page is
rendered as usual, and not kept, whenever it could differ for this visitor: a logged-in
person, a session holding anything besides its CSRF token (a flashed message, a draft), a
request other than GET, a page marked as personal, or a view that returns anything but a
plain 200 answer (a redirect, an error, headers of its own).
What a page shows from the database (support counts, the unit responsible for a service, the
moderation delay notice) may be up to ``PAGE_CACHE_SECONDS`` old; docs/performance.md says why.
"""

import secrets
import threading
import time
from functools import wraps

from cachetools import TTLCache
from flask import Response, current_app, g, request, session
from flask.globals import request_ctx
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from eservices.i18n import select_locale
from eservices.security import make_nonce

# Pages kept per worker: enough for every public page in both languages and a few hundred
# searches; the least recently used go first.
MAX_PAGES = 1000
# What an anonymous visitor's session may hold for the page to be shared: the CSRF token, and
# the flag Flask-Login's session protection sets on any session without a log-in in it.
SHAREABLE_SESSION = frozenset({"csrf_token", "_fresh"})
# Stand-ins for the per-request values in a kept page; random, so no page text can hold them.
_NONCE = f"nonce-{secrets.token_hex(16)}"
_CSRF = f"csrf-{secrets.token_hex(16)}"
# The one header a kept answer may have besides its type: what the view sets, Flask too.
_PLAIN_HEADERS = frozenset({"Content-Type", "Content-Length"})
# Sent with every page that is, or could be, shared between anonymous visitors: a shared cache
# downstream must not keep it (each answer has its own CSP nonce, some their own CSRF token),
# a browser keeps it only to ask again, and it differs by the session and language cookies.
SHARED_PAGE_CACHE_CONTROL = "private, no-cache"


class PageCache:
    """The kept pages of one app in one process, safe to use from many threads."""

    def __init__(self, seconds, max_pages=MAX_PAGES, timer=time.monotonic):
        self._pages = TTLCache(maxsize=max_pages, ttl=seconds, timer=timer)
        self._lock = threading.Lock()

    def get(self, key):
        """The page kept under `key`, or None."""
        with self._lock:
            return self._pages.get(key)

    def put(self, key, page):
        """Keep `page` under `key`."""
        with self._lock:
            self._pages[key] = page

    def clear(self):
        """Forget every kept page."""
        with self._lock:
            self._pages.clear()


def init_app(app):
    """Give the app its cache of public pages; PAGE_CACHE_SECONDS = 0 turns it off."""
    seconds = app.config["PAGE_CACHE_SECONDS"]
    app.extensions["pagecache"] = PageCache(seconds) if seconds > 0 else None
    # The first request hook: a kept page needs none of the work the others do for a view
    # (the rate limiter, loading the user), and it returns before they run.
    app.before_request_funcs.setdefault(None, []).insert(0, _serve_kept_page)
    app.after_request(_mark_shared)


def cached_page(view):
    """Keep the page `view` renders for an anonymous visitor's GET, to serve it again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        page = view(*args, **kwargs)
        kept = _text_and_type(page)
        if kept is None or not _shareable():
            return page
        g.shared_page = True
        cache = current_app.extensions.get("pagecache")
        # A message flashed and shown while rendering was this visitor's alone.
        if cache is not None and not request_ctx.flashes:
            text, mimetype = kept
            cache.put(_key(), (_stand_ins(text), mimetype, g.get("no_store", False)))
        return page

    wrapped.cached_page = True
    return wrapped


def keep_not():
    """Render this request's page for this visitor alone: not kept, not served to others."""
    g.page_not_kept = True


def _text_and_type(page):
    """(text, mimetype) of what a view returned, when it is a plain 200 answer; else None."""
    if isinstance(page, tuple) and len(page) == 2 and page[1] == 200:
        page = page[0]  # (page, status), as a view that may also answer 400 returns it
    if isinstance(page, str):
        return page, None
    plain = (
        isinstance(page, Response)
        and page.status_code == 200
        and not page.direct_passthrough
        and set(page.headers.keys()) <= _PLAIN_HEADERS
    )
    return (page.get_data(as_text=True), page.mimetype) if plain else None


def _serve_kept_page():
    """The kept page of this request when there is one it may have, else None."""
    cache = current_app.extensions.get("pagecache")
    view = current_app.view_functions.get(request.endpoint)
    if cache is None or not getattr(view, "cached_page", False) or request.method != "GET":
        return None
    if _without_login_cookies():
        # No cookie that could hold a log-in: anonymous, without opening the session.
        g._login_user = current_app.login_manager.anonymous_user()
    else:
        # Whoever the session says this is, as the other hooks would find before a view runs.
        current_user.is_authenticated  # noqa: B018 - loading the user is the point
        if not _shareable():
            return None
    kept = cache.get(_key())
    if kept is None:
        return None
    make_nonce()
    text, mimetype, g.no_store = kept
    g.shared_page = True
    return Response(_fill_in(text), mimetype=mimetype or "text/html")


def _mark_shared(response):
    """Tell browsers and caches downstream how a shared page may be kept (see above)."""
    if g.get("shared_page") and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = SHARED_PAGE_CACHE_CONTROL
        response.vary.add("Cookie")
    return response


def _without_login_cookies():
    """True when the request carries no session cookie and no remember-me cookie."""
    config = current_app.config
    cookies = request.cookies
    return (
        config["SESSION_COOKIE_NAME"] not in cookies
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
    )


def _key():
    """What a kept page depends on: the address as asked for, and the language."""
    return (request.host, request.full_path, select_locale())


def _shareable():
    """True when this request's page is the one every anonymous visitor gets.

    A log-in lives in the session (accounts/sessions.py keeps its token there), so the session
    rule keeps the pages of a logged-in person their own.
    """
    return (
        request.method == "GET"
        and not g.get("personal_data")
        and not g.get("page_not_kept")
        and session.keys() <= SHAREABLE_SESSION
    )


def _stand_ins(page):
    """`page` with this request's nonce and CSRF token replaced by stand-ins."""
    page = page.replace(g.csp_nonce, _NONCE)
    token = g.get("csrf_token")
    return page.replace(token, _CSRF) if token else page


def _fill_in(page):
    """A kept page with this request's nonce and (when it has a form) CSRF token."""
    page = page.replace(_NONCE, g.csp_nonce)
    return page.replace(_CSRF, generate_csrf()) if _CSRF in page else page
