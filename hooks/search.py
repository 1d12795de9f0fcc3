"""MkDocs hook: Material's search scoped to the page's language, and held back on the
calculator page until Python is up (tools/templates/search_worker.js says why and how).

The script goes inline into every page's <head>, before Material's bundle runs. It is the same
text on every page (so one CSP hash covers it, hooks/security.py); what differs per page is in
its data attributes: the page's locale ("" for the default language), the site's other
locales, and ``data-hold`` on pages that start Python.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from calc import i18n

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "templates" / "search_worker.js"


def site_locales(config: Any) -> list[str]:
    """Every language mkdocs-static-i18n builds, the default one first."""
    plugin = config["plugins"].get("i18n")
    languages = getattr(getattr(plugin, "config", None), "languages", None) or []
    locales = [lang.locale for lang in languages if lang.build]
    default = [lang.locale for lang in languages if lang.default]
    if not locales:
        return [i18n.DEFAULT_LANGUAGE]
    return default + [locale for locale in locales if locale not in default]


def search_tag(config: Any, hold: bool) -> str:
    locales = site_locales(config)
    lang = i18n.normalize_language(config["theme"].get("language") or locales[0])
    locale = "" if lang == locales[0] else lang
    others = " ".join(code for code in locales[1:] if code != locale)
    attributes = f'data-locale="{html.escape(locale)}" data-locales="{html.escape(others)}"'
    if hold:
        attributes += " data-hold"
    return f"<script {attributes}>{SCRIPT.read_text(encoding='utf-8').strip()}</script>"


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    if "</head>" not in output:
        return output
    hold = 'id="calculator"' in output  # the page starts Python (hooks/pyruntime.py)
    return output.replace("</head>", search_tag(config, hold) + "</head>", 1)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The 404 page, which is not a page of the docs but has Material's search too."""
    if not template_name.endswith(".html") or "</head>" not in output_content:
        return output_content
    return output_content.replace("</head>", search_tag(config, hold=False) + "</head>", 1)
