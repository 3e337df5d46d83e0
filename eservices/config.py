"""Configuration classes, chosen by the ESERVICES_ENV environment variable.

Settings that differ between deployments are read from the environment when a config object
is created, so a test can build an app with its own environment without re-importing.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ENV_VAR = "ESERVICES_ENV"

# Embedded defaults that only development and tests may use. Production refuses them.
_DEV_SECRET = "development-only-secret-key-do-not-use-in-production"  # noqa: S105
_DEV_PNR_KEY = "development-only-personnummer-hmac-key"
# A valid Fernet key (32 url-safe base64 bytes), for development and tests only.
_DEV_FERNET_KEY = "ZGV2ZWxvcG1lbnQtb25seS1mZXJuZXQta2V5LTAwMDA="
_DEV_BASE_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """The configuration is not safe to start with."""


def _bool(value, default=False):
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    DEBUG = False
    TESTING = False

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY", _DEV_SECRET)
        # None means "SQLite in the instance folder", resolved by the factory.
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL")
        # A database that stops answering must not hold a worker until gunicorn kills it:
        # connecting gives up after DB_CONNECT_TIMEOUT seconds, a statement (on SQLite: a
        # wait for the write lock) after DB_STATEMENT_TIMEOUT. 0 turns the latter off, for a
        # long migration run by hand. database.engine_options() turns them into settings.
        self.DB_CONNECT_TIMEOUT = int(env.get("DB_CONNECT_TIMEOUT", "2"))
        self.DB_STATEMENT_TIMEOUT = int(env.get("DB_STATEMENT_TIMEOUT", "15"))
        # /healthz answers 503 when the database has not answered within this many seconds.
        self.HEALTHZ_TIMEOUT = float(env.get("HEALTHZ_TIMEOUT", "1.5"))

        # Personnummer protection: a keyed hash for look-ups, Fernet for the number itself.
        self.PNR_HMAC_KEY = env.get("PNR_HMAC_KEY", _DEV_PNR_KEY)
        # Comma-separated keys used before PNR_HMAC_KEY, still accepted for look-ups until
        # `flask keys rehash` has moved every hash to the current key (docs/keys.md).
        self.PNR_HMAC_PREVIOUS_KEYS = env.get("PNR_HMAC_PREVIOUS_KEYS", "")
        # Comma-separated; the first key encrypts, all of them decrypt (key rotation).
        self.FIELD_ENCRYPTION_KEYS = env.get("FIELD_ENCRYPTION_KEYS", _DEV_FERNET_KEY)

        # The e-service definitions: data the municipality owns (forms/README.md).
        self.FORMS_DIR = env.get(
            "FORMS_DIR", str(Path(__file__).resolve().parent.parent / "forms")
        )

        # The moderation rulebook and e-proposal settings: data too (moderation/README.md).
        self.MODERATION_RULES = env.get(
            "MODERATION_RULES",
            str(Path(__file__).resolve().parent.parent / "moderation" / "rules.yaml"),
        )
        # What e-proposals are about and where, and who answers them (moderation/README.md).
        self.PROPOSAL_CATEGORIES = env.get(
            "PROPOSAL_CATEGORIES",
            str(Path(__file__).resolve().parent.parent / "moderation" / "categories.yaml"),
        )

        # Unsubmitted answers are deleted after this many days.
        self.DRAFT_DAYS = int(env.get("DRAFT_DAYS", "30"))
        # The election census (names, personnummer hashes, voting codes) is purged this many
        # days after the result is certified: the time to appeal, and some margin.
        self.ELECTION_CENSUS_PURGE_DAYS = int(env.get("ELECTION_CENSUS_PURGE_DAYS", "90"))

        # Attachments: encrypted files outside the web root (None: "attachments" in the
        # instance folder), an optional clamd to scan them, and the largest request body.
        self.ATTACHMENTS_DIR = env.get("ATTACHMENTS_DIR")
        self.CLAMD_URL = env.get("CLAMD_URL")  # tcp://host:3310 or unix:///path/clamd.ctl
        self.MAX_CONTENT_LENGTH = int(env.get("UPLOAD_MAX_REQUEST_MB", "60")) * 1024 * 1024

        # Seconds a unit's webhook receiver has to answer before the attempt counts as failed.
        self.WEBHOOK_TIMEOUT = float(env.get("WEBHOOK_TIMEOUT", "10"))
        # Webhooks reach only public addresses, and these networks and host names besides
        # (comma-separated, e.g. "10.20.0.0/16,arende.intern.example.se"): internal systems.
        self.WEBHOOK_ALLOWED_NETWORKS = tuple(
            entry.strip()
            for entry in env.get("WEBHOOK_ALLOWED_NETWORKS", "").split(",")
            if entry.strip()
        )

        self.MUNICIPALITY_NAME = env.get("MUNICIPALITY_NAME", "Göteborgs Stad")
        self.MUNICIPALITY_LOGO = env.get("MUNICIPALITY_LOGO", "img/logo.svg")
        self.MUNICIPALITY_COLOURS = {
            "primary": env.get("COLOUR_PRIMARY", "#004b89"),
            "primary_dark": env.get("COLOUR_PRIMARY_DARK", "#00325c"),
            "accent": env.get("COLOUR_ACCENT", "#ffd200"),
        }
        self.CONTACT_EMAIL = env.get("CONTACT_EMAIL", "kontakt@example.se")
        self.CONTACT_PHONE = env.get("CONTACT_PHONE", "031-365 00 00")
        # The public address: every absolute link (e-mail, APIs, the e-ID callback) is built
        # from it, never from the request's Host header.
        self.BASE_URL = env.get("BASE_URL", _DEV_BASE_URL)
        # Host names, comma-separated, that requests may name besides BASE_URL's. Production
        # refuses every other Host header; elsewhere any is accepted unless this is set.
        self.ALLOWED_HOSTS = tuple(
            host.strip() for host in env.get("ALLOWED_HOSTS", "").split(",") if host.strip()
        )
        self.TRUSTED_HOSTS = self._trusted_hosts() if self.ALLOWED_HOSTS else None

        self.LANGUAGES = ("sv", "en")
        self.BABEL_DEFAULT_LOCALE = "sv"
        self.BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"

        # Residents' identity provider: "test" (built-in test e-ID) or "oidc" (an e-ID broker).
        self.IDENTITY_PROVIDER = env.get("IDENTITY_PROVIDER", "test")
        self.TEST_EID_ENABLED = _bool(env.get("TEST_EID_ENABLED"), default=True)
        self.OIDC_ISSUER = env.get("OIDC_ISSUER")
        self.OIDC_CLIENT_ID = env.get("OIDC_CLIENT_ID")
        self.OIDC_CLIENT_SECRET = env.get("OIDC_CLIENT_SECRET")
        self.OIDC_SCOPE = env.get("OIDC_SCOPE", "openid profile")
        # The levels of assurance (acr) asked for and accepted, space-separated. The default
        # is the Swedish e-ID framework's LoA 3 (BankID, Freja+); "" turns the check off,
        # which production refuses.
        self.OIDC_ACR_VALUES = tuple(
            env.get("OIDC_ACR_VALUES", "http://id.elegnamnden.se/loa/1.0/loa3").split()
        )
        # The Swedish OIDC profile's claim; brokers that differ set their own.
        self.OIDC_PNR_CLAIM = env.get(
            "OIDC_PNR_CLAIM", "https://id.oidc.se/claim/personalIdentityNumber"
        )

        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = False
        self.SESSION_IDLE_TIMEOUT = timedelta(minutes=int(env.get("SESSION_IDLE_MINUTES", "30")))
        self.SESSION_ABSOLUTE_TIMEOUT = timedelta(
            hours=int(env.get("SESSION_ABSOLUTE_HOURS", "12"))
        )
        self.PERMANENT_SESSION_LIFETIME = self.SESSION_ABSOLUTE_TIMEOUT
        self.HSTS = False

        # Roles whose holders must use two-factor log-in; "*" is every member of staff, the
        # production default.
        self.TOTP_REQUIRED_ROLES = frozenset(
            r for r in env.get("TOTP_REQUIRED_ROLES", "").split(",") if r
        )

        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto. Without
        # this, every request seems to come from the proxy and per-IP throttling is useless.
        self.TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))
        # Log-in throttling is counted in the database (accounts/throttling.py). Flask-Limiter
        # still limits the public report form; with several workers its store must be shared.
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "memory://")
        # gunicorn's own variable for its number of workers; gunicorn.conf.py sets it too.
        self.WEB_CONCURRENCY = int(env.get("WEB_CONCURRENCY", "1"))
        self.RATELIMIT_HEADERS_ENABLED = True
        # Requests per address to the open data APIs (/api/v1/services, proposals, openapi).
        self.OPEN_DATA_LIMIT = env.get("OPEN_DATA_LIMIT", "300 per minute")
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
        self.LOGIN_LIMIT_PER_IP = env.get("LOGIN_LIMIT_PER_IP", "20 per 15 minutes")
        # Youth election voting codes: wrong codes per address (a whole class shares one
        # address behind the school's NAT), and tries of any one code.
        self.VOTING_CODE_LIMIT_PER_IP = env.get("VOTING_CODE_LIMIT_PER_IP", "60 per 10 minutes")
        self.VOTING_CODE_LIMIT_PER_CODE = env.get(
            "VOTING_CODE_LIMIT_PER_CODE", "10 per 15 minutes"
        )

        self.MAIL_BACKEND = env.get("MAIL_BACKEND", "log")  # "log" or "smtp"
        self.MAIL_FROM = env.get("MAIL_FROM", "noreply@example.se")
        self.SMTP_HOST = env.get("SMTP_HOST", "127.0.0.1")
        self.SMTP_PORT = int(env.get("SMTP_PORT", "25"))
        self.SMTP_USERNAME = env.get("SMTP_USERNAME")
        self.SMTP_PASSWORD = env.get("SMTP_PASSWORD")
        self.SMTP_STARTTLS = _bool(env.get("SMTP_STARTTLS"))
        # After this many failed attempts (10: about three hours of backoff) an e-mail is
        # marked failed and listed for administrators, who can send it again.
        self.OUTBOX_MAX_ATTEMPTS = int(env.get("OUTBOX_MAX_ATTEMPTS", "10"))
        self.EMAIL_TOKEN_MAX_AGE = timedelta(days=2)
        self.INVITATION_MAX_AGE = timedelta(days=7)

        # Seconds an anonymous visitor's public page is served again before it is rendered
        # anew (eservices/pagecache.py); 0 renders every request.
        self.PAGE_CACHE_SECONDS = float(env.get("PAGE_CACHE_SECONDS", "10"))

        self.WTF_CSRF_TIME_LIMIT = None  # the session's own lifetime bounds the token
        self.LOG_LEVEL = env.get("LOG_LEVEL", "INFO")

    def validate(self):
        """Raise ConfigurationError when the settings are unsafe for this environment."""

    def _trusted_hosts(self):
        return [urlsplit(self.BASE_URL).hostname, *self.ALLOWED_HOSTS]

    def check_workers(self, workers):
        """Raise ConfigurationError when `workers` processes cannot share this configuration."""


class DevelopmentConfig(Config):
    """Local development: SQLite, test e-ID, mail to the log."""

    ENV_NAME = "development"
    DEBUG = False  # the Werkzeug debugger is never on by default; set FLASK_DEBUG to opt in


class TestConfig(Config):
    """The test suite: fast password hashing, no rate-limit surprises between tests."""

    ENV_NAME = "test"
    TESTING = True

    def __init__(self, environ=None):
        super().__init__(environ)
        self.ARGON2_FAST = True
        self.SERVER_NAME = None


class ProductionConfig(Config):
    """Production: secrets from the environment, Secure cookies, HSTS, no test e-ID."""

    ENV_NAME = "production"

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        super().__init__(env)
        self.TEST_EID_ENABLED = _bool(env.get("TEST_EID_ENABLED"), default=False)
        self.IDENTITY_PROVIDER = env.get("IDENTITY_PROVIDER", "oidc")
        self.SESSION_COOKIE_SECURE = True
        # __Host-: the browser keeps the cookie only when Secure, host-only and for path /,
        # so no sibling subdomain can set or shadow it.
        self.SESSION_COOKIE_NAME = "__Host-session"
        self.HSTS = True
        self.MAIL_BACKEND = env.get("MAIL_BACKEND", "smtp")
        self.TOTP_REQUIRED_ROLES = frozenset(
            r for r in env.get("TOTP_REQUIRED_ROLES", "*").split(",") if r
        )
        # A request naming any other host is refused: no link is ever built from it.
        self.TRUSTED_HOSTS = self._trusted_hosts()

    def validate(self):
        """Refuse to run with development secrets or the test e-ID."""
        problems = []
        if self.SECRET_KEY == _DEV_SECRET or len(self.SECRET_KEY) < 32:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if self.PNR_HMAC_KEY == _DEV_PNR_KEY or len(self.PNR_HMAC_KEY) < 32:
            problems.append("PNR_HMAC_KEY must be set to a random value of at least 32 characters")
        if _DEV_FERNET_KEY in self.FIELD_ENCRYPTION_KEYS.split(","):
            problems.append("FIELD_ENCRYPTION_KEYS must be set to your own Fernet key(s)")
        if self.TEST_EID_ENABLED or self.IDENTITY_PROVIDER == "test":
            problems.append("the test e-ID must not be enabled in production")
        if self.IDENTITY_PROVIDER == "oidc" and not (
            self.OIDC_ISSUER and self.OIDC_CLIENT_ID and self.OIDC_CLIENT_SECRET
        ):
            problems.append("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set")
        if urlsplit(self.BASE_URL).scheme != "https" or self.BASE_URL == _DEV_BASE_URL:
            problems.append("BASE_URL must be set to the site's public https:// address")
        if self.IDENTITY_PROVIDER == "oidc" and not self.OIDC_ACR_VALUES:
            problems.append("OIDC_ACR_VALUES must name the level of assurance to accept")
        problems += self._worker_problems(self.WEB_CONCURRENCY)
        if problems:
            raise ConfigurationError("Refusing to start: " + "; ".join(problems) + ".")

    def check_workers(self, workers):
        """Refuse several workers that would each keep their own rate-limit counts."""
        problems = self._worker_problems(workers)
        if problems:
            raise ConfigurationError("Refusing to start: " + "; ".join(problems) + ".")

    def _worker_problems(self, workers):
        if workers > 1 and self.RATELIMIT_STORAGE_URI.startswith("memory://"):
            return [
                f"{workers} workers would each count rate limits in their own memory: set "
                "RATELIMIT_STORAGE_URI to a shared store (redis://...) or run one worker"
            ]
        return []


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(name=None, environ=None):
    """Build the config object named by `name` or by ESERVICES_ENV (default: development)."""
    env = os.environ if environ is None else environ
    name = name or env.get(ENV_VAR, "development")
    try:
        config_class = CONFIGS[name]
    except KeyError:
        raise ConfigurationError(
            f"{ENV_VAR}={name!r} is not one of {', '.join(CONFIGS)}"
        ) from None
    return config_class(env)
