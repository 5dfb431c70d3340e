"""Career Passport: the application factory reads as a table of contents."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import config as env_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: object | dict | None = None) -> Flask:
    """Build the app. ``config`` (an object or a mapping) overrides the environment's settings."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(env_config.from_environment())
    # Static URLs carry a content hash (passport/assets.py): a year is safe.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _require_secret(app)
    from .fetches import SessionCookies

    app.session_interface = SessionCookies()
    register_proxy(app)
    register_extensions(app)
    register_input_boundary(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_security(app)
    register_access(app)
    return app


def _require_secret(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        if app.debug or app.testing:
            app.config["SECRET_KEY"] = "dev-only-not-secret"
        else:
            raise RuntimeError("Set SECRET_KEY in the environment (see README.md, Configuration).")


def register_proxy(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto from exactly TRUSTED_PROXIES proxies (0: none), so
    sign-in throttling sees the client's address, never one a client made up."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from . import auth
    from . import models  # noqa: F401  (registers the tables on the metadata)
    from . import tasks
    from .boundary import register_upload_limit
    from .extensions import csrf
    from .extensions import db
    from .extensions import login_manager
    from .extensions import migrate
    from .models import record_version

    Path(app.instance_path).mkdir(exist_ok=True)
    db.init_app(app)
    record_version.install(db.session)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    register_upload_limit(app)  # before CSRFProtect reads the form
    csrf.init_app(app)
    login_manager.init_app(app)
    auth.init_login(login_manager)
    tasks.init_app(app)


def register_input_boundary(app: Flask) -> None:
    """Bounded ``<int:>`` URLs, a safe JSON loader, no NUL in input (before the routes)."""
    from .boundary import register

    register(app)


def register_access(app: Flask) -> None:
    """Who may open each page: one table (passport/access.py), checked before every view and
    after the host and input checks, so a forged Host is refused before any sign-in redirect."""
    from . import access

    access.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .employer import bp as employer_bp
    from .governors import bp as governors_bp
    from .parent import bp as parent_bp
    from .pupil import bp as pupil_bp
    from .pwa import bp as pwa_bp
    from .staff import bp as staff_bp
    from .system import bp as system_bp
    from .verify import bp as verify_bp
    from .website import bp as website_bp

    app.register_blueprint(system_bp)
    app.register_blueprint(pwa_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(pupil_bp, url_prefix="/passport")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(parent_bp, url_prefix="/parents")
    app.register_blueprint(governors_bp, url_prefix="/governors")
    app.register_blueprint(website_bp)
    app.register_blueprint(employer_bp)
    app.register_blueprint(verify_bp)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import passport_cli

    app.cli.add_command(passport_cli)


def register_template_helpers(app: Flask) -> None:
    from . import htmx
    from .assets import compress_static
    from .templating import register

    register(app)
    app.after_request(htmx.add_vary)
    app.after_request(private_pages)
    app.after_request(compress_static)


def register_security(app: Flask) -> None:
    from .security_headers import register_security

    register_security(app)


def private_pages(response):
    """A signed-in user's pages are theirs: no shared cache may keep them, and the service
    worker files its offline copy under the owner named here (a number, nothing personal).
    Staff pages show pupils' data: nothing may keep them at all, not even the staff member's
    own browser or service worker (issue 7, item 6)."""
    from flask import request
    from flask.globals import request_ctx
    from flask_login import current_user

    if request.blueprint == "staff" or request.path.startswith("/staff/"):
        response.headers["Cache-Control"] = "no-store"
    # A page showing a flashed message ("Your changes are saved.") is that moment's answer: a
    # saved copy of it would say so again, offline, days later.
    if request_ctx.flashes:
        response.headers["Cache-Control"] = "no-store"
    # The mimetype first: /healthz and static files must not load the user from the database.
    if response.mimetype == "text/html" and current_user.is_authenticated:
        response.headers["X-Passport-User"] = str(current_user.id)
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response
