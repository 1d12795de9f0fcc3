"""MkDocs hook: the 404 page in the default language at the site's root, and each language's
own 404 page in its folder.

mkdocs-static-i18n builds the site once per language into the same folder, and every build
writes the theme's 404.html to the root: the last language built won (Chinese), so every
visitor of a broken link got a page in Chinese. Hosts serve /404.html for a missing path
(GitHub Pages, Netlify); some (Cloudflare Pages) serve the nearest 404.html up the path, so a
reader inside /ja/ gets the Japanese page there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from calc import i18n

#: Each language's 404 page as finally written, by language code.
_pages: dict[str, str] = {}


def _language(config: Any) -> str:
    return i18n.normalize_language(config["theme"].get("language") or i18n.DEFAULT_LANGUAGE)


@event_priority(-300)  # after hooks/security.py (-200) has put the page's policy in
def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if template_name == "404.html":
        _pages[_language(config)] = output_content
    return output_content


def _i18n_is_building(config: Any) -> bool:
    """True inside the per-language builds that mkdocs-static-i18n runs from its own hook."""
    plugin = config["plugins"].get("i18n")
    return bool(getattr(plugin, "building", False))


# After mkdocs-static-i18n (-100) has built every language, before hooks/offline.py (-200)
# scans the finished site for the service worker.
@event_priority(-150)
def on_post_build(config: Any, **kwargs: Any) -> None:
    if _i18n_is_building(config) or not _pages:
        return
    site = Path(config["site_dir"])
    for lang, page in _pages.items():
        folder = site if lang == i18n.DEFAULT_LANGUAGE else site / lang
        if folder.is_dir():
            target = folder / "404.html"
            target.unlink(missing_ok=True)  # never write through a hard link into another copy
            target.write_text(page, encoding="utf-8")
