"""Pages from templates: one Jinja2 environment (autoescaped, so markup in any name is text), the
response headers every page gets, and the language of a request.

Pages load their scripts and styles from `/static` on this origin only, and the
Content-Security-Policy says exactly that: no inline script, no inline style, nothing from
elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .texts import texts

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
#: every page and redirect of the site; pages add their Content-Security-Policy
BASE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on our own forms
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HEADERS = {**BASE_HEADERS, "Content-Security-Policy": CSP}

#: templates are part of the installed package: read once, not checked for changes on every render
ENVIRONMENT = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                          trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def compile_templates() -> None:
    """Compile every template once at start: compiling one costs milliseconds, and otherwise the
    first requests of a new server process pay it, all at once when many arrive together."""
    for name in ENVIRONMENT.list_templates(filter_func=lambda name: name.endswith(".html")):
        ENVIRONMENT.get_template(name)


def language(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


def switch_language(request: Request) -> str:
    """The same page in the other language."""
    params = dict(request.query_params)
    if language(request) == "en":
        params.pop("lang", None)
    else:
        params["lang"] = "en"
    return request.url.path + (f"?{urlencode(params)}" if params else "")


def link(request: Request, path: str) -> str:
    """A link inside the app that keeps the language of this page."""
    return path + ("?lang=en" if language(request) == "en" else "")


def render(request: Request, template: str, **context: Any) -> str:
    lang = language(request)
    return ENVIRONMENT.get_template(template).render(
        lang=lang, t=texts(lang), other_language=switch_language(request),
        link=lambda path: link(request, path), **context)


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(request, template, **context), status_code=status, headers=HEADERS)
