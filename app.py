"""Application factory; `flask --app app …` and `gunicorn 'app:create_app()'` build the app with it.

The module-level `app` is made on first use only (PEP 562), so importing this module (the tests do) never
builds an app from the environment, which outside development refuses to start without its keys.
"""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from accounts import bp as accounts_bp
from accounts import views as _account_views  # noqa: F401  (registers routes on the blueprint)
from accounts.setup import init_accounts
from booths import bp as booths_bp
from booths.allocation import views as _allocation_views  # noqa: F401
from booths.allocation.api import api_bp as allocation_api_bp
from booths.applications import import_export_views as _application_file_views  # noqa: F401
from booths.applications import public_views as _public_booth_views  # noqa: F401
from booths.applications import views as _application_views  # noqa: F401
from booths.applications.api import api_bp as applications_api_bp
from booths.layout import views as _booth_views  # noqa: F401
from booths.layout.api import api_bp as booths_api_bp
from booths.setup import init_booths
from contracts import bp as contracts_bp
from contracts import lead_views as _lead_views  # noqa: F401
from contracts import meeting_views as _meeting_views  # noqa: F401
from contracts import views as _contract_views  # noqa: F401
from contracts.api import api_bp as contracts_api_bp
from contracts.setup import init_contracts
from core.builtin_messages import install_builtin_translations
from core.config import check_settings, engine_options, load_config
from core.demo import register_demo_command
from core.errors import register_error_handlers
from core.extensions import api, babel, csrf, db, login_manager, migrate
from core.health import bp as health_bp
from core.i18n import bp as i18n_bp
from core.i18n import register_template_helpers, select_locale
from core.inputs import register_input_guards
from core.jobs import bp as jobs_bp
from core.jobs.api import api_bp as jobs_api_bp
from core.mail import mail_group
from core.mail_admin import bp as mail_admin_bp
from core.reference.labels import register_reference_filters
from core.sealing import check_data_key
from core.security import register_security_headers
from core.tasks import init_celery, worker_command
from core.uploads import files_group
from enterprises import bp as enterprises_bp
from enterprises import views as _enterprise_views  # noqa: F401
from enterprises.api import api_bp as enterprises_api_bp
from fairs import bp as fairs_bp
from fairs import views as _fair_views  # noqa: F401
from fairs.api import api_bp as fairs_api_bp
from fairs.setup import init_fairs
from reports import bp as reports_bp
from reports import supported_views as _supported_views  # noqa: F401
from reports import views as _report_views  # noqa: F401
from reports.api import api_bp as reports_api_bp
from reports.supported_api import api_bp as supported_reports_api_bp
from reports.supported_setup import init_supported_reports
from support import bp as support_bp
from support import views as _support_views  # noqa: F401
from support.api import api_bp as support_api_bp
from support.setup import init_support
from visitors import bp as visitors_bp
from visitors import desk_views as _desk_views  # noqa: F401
from visitors import gate_app_views as _gate_app_views  # noqa: F401
from visitors import gate_views as _gate_views  # noqa: F401
from visitors import staff_views as _staff_views  # noqa: F401
from visitors import views as _visitor_views  # noqa: F401
from visitors.api import api_bp as visitors_api_bp
from visitors.setup import init_visitors

BASE_DIR = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask application; `config` overrides values read from the environment."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or str(BASE_DIR / "instance"),
                instance_relative_config=True)
    app.config.update(load_config(app.instance_path))
    app.config.update(config or {})
    if "SECRET_KEY" in (config or {}):
        app.config["SECRET_KEY_GIVEN"] = True
    check_settings(app.config)  # outside development: SECRET_KEY and PUBLIC_BASE_URL, or no start at all
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.json.ensure_ascii = False  # Vietnamese stays readable in JSON
    if app.config["PROXY_FIX_HOPS"]:
        # Behind a reverse proxy, the client address (login throttling) comes from X-Forwarded-For.
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    register_input_guards(app)  # before any route exists: the bounded `int` converter must be the one bound

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(BASE_DIR / "translations"))
    api.init_app(app)

    app.register_blueprint(i18n_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(mail_admin_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(fairs_bp)
    app.register_blueprint(booths_bp)
    app.register_blueprint(enterprises_bp)
    app.register_blueprint(visitors_bp)
    app.register_blueprint(contracts_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(support_bp)
    api.register_blueprint(fairs_api_bp)
    api.register_blueprint(booths_api_bp)
    api.register_blueprint(enterprises_api_bp)
    api.register_blueprint(applications_api_bp)
    api.register_blueprint(allocation_api_bp)
    api.register_blueprint(visitors_api_bp)
    api.register_blueprint(contracts_api_bp)
    api.register_blueprint(reports_api_bp)
    api.register_blueprint(support_api_bp)
    api.register_blueprint(supported_reports_api_bp)
    api.register_blueprint(jobs_api_bp)
    # The API authenticates with bearer tokens only, never cookies: CSRF does not apply.
    for blueprint_name in ("fairs_api", "booths_api", "enterprises_api", "applications_api", "allocation_api",
                           "visitors_api", "contracts_api", "reports_api", "support_api", "supported_reports_api",
                           "jobs_api", "api-docs"):
        blueprint = app.blueprints.get(blueprint_name)
        if blueprint is not None:
            csrf.exempt(blueprint)

    init_accounts(app)
    init_fairs(app)
    init_booths(app)
    init_visitors(app)
    init_contracts(app)
    init_support(app)
    init_supported_reports(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_reference_filters(app)
    install_builtin_translations(app)
    register_security_headers(app)
    register_demo_command(app)
    app.cli.add_command(mail_group)
    app.cli.add_command(files_group)
    app.cli.add_command(worker_command)
    init_celery(app)
    check_data_key(app)  # outside development: the key must open the database's sealed secrets
    return app


def __getattr__(name: str):
    """`app.app`, built from the environment on first use and kept."""
    if name != "app":
        raise AttributeError(name)
    application = globals()["app"] = create_app()
    return application
