"""A test client whose every request runs in its own application context, as in production.

The ``ctx`` fixture keeps an application context open for the whole test, and Flask reuses it
for the test client's requests: then ``g`` (where Flask-Login keeps the signed-in user) and
the database session live from one request to the next, and a session ended on the server
would still look signed in to a later request. Tests of sessions ending use this client.
"""

from __future__ import annotations

from flask.testing import FlaskClient


class FreshContextClient(FlaskClient):
    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def use_fresh_clients(app) -> None:
    """Make ``app.test_client()`` build FreshContextClient from now on."""
    app.test_client_class = FreshContextClient
