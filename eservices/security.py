"""Security headers, CSP nonces and safe redirects, set in one place for every response."""

import secrets
from urllib.parse import urlsplit

from flask import abort, current_app, g, request
from flask_login import current_user

# Made once: only the nonce differs from one response to the next.
_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app):
    """Install the request hooks that add a CSP nonce and the security headers."""
    app.before_request(make_nonce)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_set_security_headers)
    app.add_template_global(public_url)


def make_nonce():
    """Give this response its own CSP nonce (g.csp_nonce)."""
    g.csp_nonce = secrets.token_urlsafe(18)


def _refuse_nul_bytes():
    # A NUL in a query or form value is never typed by a person, and PostgreSQL refuses it
    # in text columns; answer 400 here rather than fail deep inside a query.
    values = list(request.args.values())
    if request.method == "POST":
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        abort(400)


def _set_security_headers(response):
    nonce = g.get("csp_nonce", "")
    # A view may set a stricter policy of its own (a downloaded file is sandboxed).
    response.headers.setdefault("Content-Security-Policy", _POLICY.format(nonce=nonce))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["HSTS"]:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    # Pages shown to a logged-in person carry personal data: no cache may keep them.
    if (
        g.get("personal_data")
        or g.get("no_store")
        or (request.endpoint != "static" and current_user and current_user.is_authenticated)
    ):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def public_url(endpoint, **values):
    """The full public URL of `endpoint`, from BASE_URL: never from the request's Host
    header, which a client chooses (a cached answer with its links would be poisoned)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def mark_personal_data():
    """Flag the current response as holding personal data (sent with no-store)."""
    g.personal_data = True


def forbid_storing():
    """Send the current response with no-store, though it is the same for every visitor."""
    g.no_store = True


def sent_from_this_site():
    """False when the browser says a request comes from another site (a cross-site form).

    For the one form that carries no CSRF token, the language switch: browsers since 2020 send
    Sec-Fetch-Site, and Origin with every POST, and a page on another site cannot forge either.
    A request with neither (a very old browser, a script) passes, since all it can do there is
    change its own language cookie. See docs/security.md.
    """
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def is_safe_next(url):
    """True when `url` is a relative path on this site (no scheme, host or '//' tricks)."""
    if not url or not isinstance(url, str):
        return False
    if any(ch in url for ch in "\\\r\n\t") or not url.startswith("/") or url.startswith("//"):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def safe_next(url, default="/"):
    """Return `url` when it is a safe relative path, else `default`."""
    return url if is_safe_next(url) else default
