"""Public pages rendered once and served again to anonymous visitors for a few seconds.

The start page, the catalogue, the rules and the log-in pages are the same for every
anonymous visitor in a language: they are what a spike (a viral proposal, election week)
hits, and rendering them costs many times what serving them does. ``@cached_page`` keeps the
HTML a view returns, per address and language, in each worker process, and serves it again
for ``PAGE_CACHE_SECONDS``. Only the two values that differ per request are put in afresh:
the CSP nonce and the CSRF token (whose session cookie is set as before).

A kept page is served by the first request hook, before the others (the rate limiter, the
CSRF check of a POST) spend anything on it. A page is rendered as usual, and not kept, whenever
it could differ for this visitor: a logged-in person, a session holding anything besides its
CSRF token (a flashed message, a draft), a request other than GET, or a view that returns
anything but a page of HTML.
What a page shows from the database (the unit responsible for a service, the moderation
delay notice) may be up to ``PAGE_CACHE_SECONDS`` old; docs/performance.md says why.
"""

import secrets
import threading
import time
from functools import wraps

from cachetools import TTLCache
from flask import current_app, g, request, session
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


def cached_page(view):
    """Keep the page `view` renders for an anonymous visitor's GET, to serve it again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        page = view(*args, **kwargs)
        cache = current_app.extensions.get("pagecache")
        # A message flashed and shown while rendering was this visitor's alone.
        shown_a_message = request_ctx.flashes
        if cache is not None and isinstance(page, str) and _shareable() and not shown_a_message:
            cache.put(_key(), _stand_ins(page))
        return page

    wrapped.cached_page = True
    return wrapped


def _serve_kept_page():
    """The kept page of this request when there is one it may have, else None."""
    cache = current_app.extensions.get("pagecache")
    view = current_app.view_functions.get(request.endpoint)
    if cache is None or not getattr(view, "cached_page", False):
        return None
    # Whoever the session says this is, as the other hooks would find before a view runs.
    current_user.is_authenticated  # noqa: B018 - loading the user is the point
    if not _shareable():
        return None
    page = cache.get(_key())
    if page is None:
        return None
    make_nonce()
    return _fill_in(page)


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
