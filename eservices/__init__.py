"""The e-services platform: a Flask application built by create_app()."""

import logging
import os
import sys
from pathlib import Path

from flask import Flask

from eservices.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None, **overrides):
    """Build the application from a config name or object, plus explicit overrides."""
    if not isinstance(config, Config):
        config = load_config(config)
    for key, value in overrides.items():
        setattr(config, key, value)
    config.validate()

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("ESERVICES_INSTANCE", str(ROOT / "instance")),
    )
    app.config.from_object(config)
    _bound_ids_in_urls(app)
    _configure_database_url(app)
    _configure_attachment_store(app)
    _trust_proxies(app)
    _configure_logging(app)
    _register_extensions(app)
    _load_catalogue(app)
    _load_rulebook(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_request_hooks(app)
    _cache_public_pages(app)
    _register_template_helpers(app)
    _register_cli(app)
    return app


def _bound_ids_in_urls(app):
    # Before any route is added: every <int:...> of every blueprint takes the bound.
    from eservices.urls import IdConverter

    app.url_map.converters["int"] = IdConverter


def _configure_database_url(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        path = Path(app.instance_path) / "eservices.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # psycopg 3 is the driver this platform is tested with.
        uri = app.config["SQLALCHEMY_DATABASE_URI"] = uri.replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    from eservices.database import engine_options

    # Options given explicitly (a pool size, say) are kept over the computed ones.
    given = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(uri, app.config) | given


def _configure_attachment_store(app):
    if not app.config["ATTACHMENTS_DIR"]:
        app.config["ATTACHMENTS_DIR"] = str(Path(app.instance_path) / "attachments")


def _trust_proxies(app):
    count = app.config["TRUSTED_PROXY_COUNT"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _configure_logging(app):
    # Logs go to stdout, where the process supervisor or container runtime collects them.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("eservices")
    root.handlers[:] = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = False
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])


def _register_extensions(app):
    import eservices.models  # noqa: F401  (the whole schema, for Alembic and relationships)
    from eservices import i18n
    from eservices.accounts import sessions
    from eservices.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    from eservices.database import described_by_models

    migrate.init_app(app, db, directory=str(ROOT / "migrations"), include_name=described_by_models)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    sessions.init_app(app, login_manager)
    if app.config["IDENTITY_PROVIDER"] == "oidc":
        from eservices.accounts.identity import init_oidc

        init_oidc(app)


def _load_catalogue(app):
    from eservices.catalogue import loading

    loading.init_app(app)


def _load_rulebook(app):
    from eservices.moderation import rulebook

    rulebook.init_app(app)


def _register_blueprints(app):
    from eservices.accounts import bp as accounts_bp
    from eservices.admin import bp as admin_bp
    from eservices.attachments import bp as attachments_bp
    from eservices.casework import bp as casework_bp
    from eservices.catalogue import bp as catalogue_bp
    from eservices.catalogue.api import api_bp
    from eservices.integrations import api_bp as cases_api_bp
    from eservices.integrations import bp as integrations_bp
    from eservices.main import bp as main_bp
    from eservices.moderation import bp as moderation_bp
    from eservices.mypages import bp as mypages_bp
    from eservices.mypages import follow_bp
    from eservices.opendata import bp as opendata_bp
    from eservices.privacy import bp as privacy_bp
    from eservices.proposals import bp as proposals_bp
    from eservices.proposals.api import api_bp as proposals_api_bp
    from eservices.statistics import bp as statistics_bp
    from eservices.submissions import bp as submissions_bp
    from eservices.youth import admin_bp as youth_admin_bp
    from eservices.youth import bp as youth_bp
    from eservices.youth import school_bp as youth_school_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(mypages_bp, url_prefix="/mina-sidor")
    app.register_blueprint(follow_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(catalogue_bp, url_prefix="/e-tjanster")
    app.register_blueprint(submissions_bp)
    app.register_blueprint(attachments_bp)
    # Open data, GET only: no CSRF exemption is needed.
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(integrations_bp)
    app.register_blueprint(casework_bp, url_prefix="/handlaggning")
    app.register_blueprint(privacy_bp, url_prefix="/mina-sidor/mina-uppgifter")
    app.register_blueprint(statistics_bp, url_prefix="/statistik")
    # Staff pages under /moderering/, and the public rules and report pages.
    app.register_blueprint(moderation_bp)
    # E-proposals under /e-forslag/, Mina förslag under Mina sidor.
    app.register_blueprint(proposals_bp)
    # The case API: bearer tokens of units' back-end systems (integrations/api.py).
    app.register_blueprint(cases_api_bp, url_prefix="/api/v1")
    # Open proposal data, and the OpenAPI document of every /api/ route.
    app.register_blueprint(proposals_api_bp, url_prefix="/api/v1")
    app.register_blueprint(opendata_bp)
    # The youth election: voters and the public, administrators, school contacts.
    app.register_blueprint(youth_bp, url_prefix="/ungdomsval")
    app.register_blueprint(youth_admin_bp, url_prefix="/ungdomsval/admin")
    app.register_blueprint(youth_school_bp, url_prefix="/ungdomsval/skola")


def _register_error_handlers(app):
    from eservices import errors

    errors.register(app)


def _register_request_hooks(app):
    from eservices import security

    security.register(app)


def _cache_public_pages(app):
    from eservices import pagecache

    pagecache.init_app(app)


def _register_template_helpers(app):
    from eservices import cases, i18n

    i18n.register_template_helpers(app)
    cases.init_app(app)


def _register_cli(app):
    from eservices import cli

    cli.register(app)
