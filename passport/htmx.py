"""htmx mechanics in one place: fragment-or-page rendering, redirects, triggers, Vary."""

from __future__ import annotations

import json

from flask import current_app
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import Response


def is_htmx() -> bool:
    """True for a request htmx made that wants a fragment (not a boosted navigation)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def render_block(template_name: str, block_name: str, **context) -> str:
    """Render one ``{% block %}`` of a page template with the normal Flask context.

    Only the block runs: a ``{% set %}`` or ``{% from ... import %}`` the block needs must sit
    inside it."""
    app = current_app
    app.update_template_context(context)
    template = app.jinja_env.get_template(template_name)
    return "".join(template.blocks[block_name](template.new_context(context)))


def render_page_or_block(template_name: str, block_name: str, status: int = 200, **context) -> Response:
    """One URL, two renderings: the named block for htmx, the whole page otherwise."""
    if is_htmx():
        body = render_block(template_name, block_name, **context)
    else:
        body = render_template(template_name, **context)
    return make_response(body, status)


def redirect_or_hx(url: str) -> Response:
    """303 See Other for a full page; ``HX-Redirect`` for htmx, which would otherwise swap the
    target page into a fragment."""
    if request.headers.get("HX-Request") == "true":
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, 303)


def trigger(response: Response, event: str, detail: dict | None = None) -> Response:
    """Ask htmx to fire ``event`` on the page after the swap (e.g. ``entrySaved``)."""
    response.headers["HX-Trigger"] = json.dumps({event: detail or {}})
    return response


def add_vary(response: Response) -> Response:
    """Every page can answer as a fragment, so caches must key on HX-Request."""
    response.vary.add("HX-Request")
    return response
