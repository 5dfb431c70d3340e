"""The WSGI entry point for a production server: ``gunicorn wsgi:app``."""

from passport import create_app

app = create_app()
