"""MkDocs hook: Material's search scoped to the page's language, and held back on the
calculator page until Python is up (tools/templates/search_worker.js says why and how).

After the build, the site-wide index (every language, 6 MB for fifteen) is also written cut by
language, ``search/search_index.<code>.json``: the script has Material load the page's one, a
fifteenth of the download, and the service worker precaches it with the language's pages.

The script goes inline into every page's <head>, before Material's bundle runs. It is the same
text on every page (so one CSP hash covers it, hooks/security.py); what differs per page is in
its data attributes: the page's locale ("" for the default language), the site's other
locales, and ``data-hold`` on pages that start Python.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

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


def split_index(site: Path, locales: list[str]) -> list[Path]:
    """Write ``search/search_index.<code>.json`` for each language: its pages only, and lunr's
    pipelines for it and English (the English words in every page). Returns the files."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return []
    whole = json.loads(index.read_text(encoding="utf-8"))
    default, others = locales[0], locales[1:]
    written = []
    for code in locales:
        def ours(location: str, code: str = code) -> bool:
            if code == default:
                return not any(location.startswith(f"{other}/") for other in others)
            return location.startswith(f"{code}/")

        config = dict(whole["config"])
        config["lang"] = [lang for lang in config.get("lang", []) if lang in ("en", code)] \
            or config.get("lang", ["en"])
        part = {**whole, "config": config,
                "docs": [doc for doc in whole["docs"] if ours(str(doc.get("location", "")))]}
        target = index.with_name(f"search_index.{code}.json")
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")),
                             encoding="utf-8")
        os.replace(temporary, target)
        written.append(target)
    return written


@event_priority(-150)  # after mkdocs-static-i18n (-100) has built every language, before the
def on_post_build(config: Any, **kwargs: Any) -> None:  # service worker (hooks/offline.py, -200)
    plugin = config["plugins"].get("i18n")
    if getattr(plugin, "building", False):
        return
    split_index(Path(config["site_dir"]), site_locales(config))
