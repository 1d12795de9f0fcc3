"""MkDocs hook: a Content-Security-Policy in every page, and a ``_headers`` file for hosts.

The policy is the tightest the site works under, found by running the calculator (Pyodide in
a PyScript worker) and every page with it enforced (tests/e2e/test_security.py). Each source:

- ``default-src 'none'``: nothing is allowed unless a directive below allows it (no fonts
  or media are used).
- ``script-src 'self'``: our scripts, Material's, PyScript's and Pyodide's, all self-hosted.
  ``'wasm-unsafe-eval'``: Pyodide compiles its WebAssembly (``WebAssembly.instantiateStreaming``);
  this allows compiling wasm only, not ``eval`` or ``new Function`` (neither is needed).
  ``'sha256-…'``: Material's few small inline scripts (palette, ``__md_scope``, tabs), hashed
  from the built page itself, so no ``'unsafe-inline'``.
- ``worker-src 'self' blob:``: Material's search worker is a file; PyScript starts its Python
  worker from a ``blob:`` URL it builds itself.
- ``connect-src 'self'``: Pyodide, the wheels, the search index: nothing leaves the origin.
- ``img-src 'self' data:``: Material's icons are ``data:`` SVGs in its CSS.
- ``style-src 'self'``: stylesheets only (scripts change styles through the CSSOM, which CSP
  does not restrict), so no ``'unsafe-inline'``.
- ``manifest-src 'self'``: the web app manifest of the installable, offline site.
- ``frame-src 'self'``: the live preview of the embeddable calculator (/embed/) on the
  "Embed this calculator" page; no other site is ever framed.
- ``object-src 'none'; base-uri 'none'; form-action 'none'``: no plugins, no ``<base>``, and
  no form is ever submitted (the calculator computes in the page, the search box too).

A ``<meta>`` policy cannot carry ``frame-ancestors`` (browsers ignore it there, with a console
error): the ``_headers`` file (Netlify / Cloudflare Pages) sends the same policy as a header with
``frame-ancestors 'none'``, except for the embed pages, which anyone may frame.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.plugins import event_priority

#: The policy without the inline-script hashes, which depend on the page.
DIRECTIVES: list[tuple[str, list[str]]] = [
    ("default-src", ["'none'"]),
    ("script-src", ["'self'", "'wasm-unsafe-eval'"]),
    ("worker-src", ["'self'", "blob:"]),
    ("connect-src", ["'self'"]),
    ("img-src", ["'self'", "data:"]),
    ("style-src", ["'self'"]),
    ("manifest-src", ["'self'"]),
    ("frame-src", ["'self'"]),
    ("object-src", ["'none'"]),
    ("base-uri", ["'none'"]),
    ("form-action", ["'none'"]),
]
#: Pages that other sites may show in a frame (the embeddable calculator), in every language.
EMBED_PATHS = ["/embed/", "/*/embed/"]
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources (``'sha256-…'``) for every inline script a browser would run, in order."""
    found: list[str] = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.groups()
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind[1].lower() not in _JS_TYPES):
            continue  # an external script, or a data block (JSON) that never runs
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in found:
            found.append(source)
    return found


def policy(hashes: list[str], extra: list[str] | None = None) -> str:
    parts = []
    for name, sources in DIRECTIVES:
        if name == "script-src":
            sources = [*sources, *hashes]
        parts.append(" ".join([name, *sources]))
    return "; ".join([*parts, *(extra or [])])


@event_priority(-200)  # after every other hook and plugin: hash the scripts as finally written
def on_post_page(output: str, page, config) -> str:
    return with_policy(output)


@event_priority(-200)
def on_post_template(output_content: str, template_name: str, config) -> str:
    """Static templates: the 404 page (and sitemap.xml, left as it is)."""
    return with_policy(output_content) if template_name.endswith(".html") else output_content


def with_policy(output: str) -> str:
    # Right after <meta charset> (which must stay first), before any script or stylesheet: a
    # <meta> policy governs only what comes after it.
    anchor = _CHARSET.search(output) or _HEAD.search(output)
    if anchor is None:
        return output
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            f'{policy(inline_script_hashes(output))}">')
    return output[:anchor.end()] + meta + output[anchor.end():]


def headers_file(site_dir: Path) -> str:
    """``_headers`` for the whole built site: one policy allowing every page's inline scripts."""
    hashes: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        for source in inline_script_hashes(page.read_text(encoding="utf-8")):
            if source not in hashes:
                hashes.append(source)
    site_policy = policy(hashes, ["frame-ancestors 'none'"])
    embed_policy = policy(hashes, ["frame-ancestors *"])
    lines = [
        "# Written by hooks/security.py at build time: security headers for hosts that read a",
        "# _headers file (Netlify, Cloudflare Pages). Each page also carries the policy in a",
        "# <meta> tag; a header can add what a <meta> tag cannot: frame-ancestors.",
        "/*",
        f"  Content-Security-Policy: {site_policy}",
        *(f"  {name}: {value}" for name, value in OTHER_HEADERS.items()),
        "",
        "# The embeddable calculator may be framed by any site. '! Name' drops the header",
        "# inherited from /* on Cloudflare Pages (else both policies would apply); Netlify skips",
        "# that line and lets the later, more specific rule win.",
    ]
    for path in EMBED_PATHS:
        lines += [path, "  ! Content-Security-Policy",
                  f"  Content-Security-Policy: {embed_policy}", ""]
    return "\n".join(lines)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every other language
def on_post_build(config) -> None:
    site_dir = Path(config["site_dir"])
    (site_dir / "_headers").write_text(headers_file(site_dir), encoding="utf-8")
