"""MkDocs hook: make the site work offline and installable (listed after hooks/pyruntime.py).

After the build it writes, at the site root:

- ``sw.js``, the service worker (from tools/templates/sw.js). Its precache list comes from
  scanning the finished site, runtime included (hooks/pyruntime.py has copied it in by then), so
  no runtime file name is written down anywhere: the site's CSS and scripts, Pyodide, PyScript
  and every wheel, and, by language, the calculator's and the claim kit's pages. Its cache
  name carries a hash of the whole site, so any change in a deployment installs a new worker
  and drops the old caches.
- ``manifest.webmanifest`` (and ``<code>/manifest.webmanifest`` per language), with the icons
  of site/assets/icons (made by tools/make_icons.py).

mkdocs-static-i18n builds the site once per language, each build running every hook. The
service worker must see all of them: it is written once, after the i18n plugin's own
``on_post_build`` has built the other languages (lower priority) and outside those nested
builds. Under ``mkdocs serve`` a worker that removes itself is written instead, so pages being
edited are never served from a cache.

``on_env`` gives the theme templates (overrides/main.html) ``site_strings()``, the page-wide
texts of offline.js in the page's language, and ``manifest_path``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from calc import i18n

ROOT = Path(__file__).resolve().parent.parent
SW_TEMPLATE = ROOT / "tools" / "templates" / "sw.js"
ICONS = ROOT / "site" / "assets" / "icons"
THEME_COLOR = "#3f51b5"  # Material's indigo, the palette's primary colour

#: Texts offline.js shows on every page (update offer, offline notice).
SITE_STRINGS = ["ui.js.update_ready", "ui.js.update_reload", "ui.js.offline_ready",
                "ui.js.dismiss"]

#: Pages precached in each language the visitor reads: what the calculator and the claim kit
#: need offline.
PAGES = ["", "calculator/", "claim-kit/", "embed/"]
#: Never precached: source maps, sitemaps, example files, the standard start's fallback files
#: (fallback_files) and what nothing here loads (unused_files). The search worker and the
#: language's search index are (language_files): Material's search starts on every page, and
#: offline it would fail on each one without them.
SKIPPED_DIRS = ("examples/",)
SKIPPED_SUFFIXES = (".map", ".gz")
#: PyScript's plugins the calculator turns off (javascripts/calculator/pyconfig.js), and what
#: only they load: never requested, so never precached.
PYSCRIPT_UNUSED = (*(f"assets/pyscript/{name}-" for name in (
    "codemirror", "codemirror_commands", "codemirror_lang-python", "codemirror_language",
    "codemirror_state", "codemirror_view", "xterm", "xterm-readline", "xterm_addon-fit",
    "xterm_addon-web-links", "py-editor", "py-terminal", "py-game", "mpy", "donkey",
    "deprecations-manager")), "assets/pyscript/xterm.css")
#: Material's word segmenters, each needed by one search language only.
LUNR_SEGMENTERS = {"tinyseg.js": "ja", "wordcut.js": "th"}
#: Left out of the version: rewritten with the build date on every build.
UNVERSIONED = {"sitemap.xml", "sitemap.xml.gz"}
#: Read by the host, not served (hooks/security.py writes _headers): precaching a 404 would
#: fail the whole install.
HOST_FILES = {"_headers", "_redirects"}

SELF_DESTROYING_SW = """\
// Written by hooks/offline.py under `mkdocs serve`: remove any worker and cache of this site,
// so pages being edited are always fetched. `mkdocs build` writes the real worker.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("lumpsum-")) await caches.delete(name);
  }
  await self.registration.unregister();
})()));
"""

_command = "build"
_site_names: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def _language(config: Any) -> str:
    return i18n.normalize_language(config["theme"].get("language") or i18n.DEFAULT_LANGUAGE)


def _manifest_path(lang: str) -> str:
    prefix = "" if lang == i18n.DEFAULT_LANGUAGE else f"{lang}/"
    return f"{prefix}manifest.webmanifest"


def on_env(env: Any, config: Any, files: Any) -> Any:
    lang = _language(config)
    _site_names[lang] = config["site_name"]
    texts = {key: i18n.text(key, lang) for key in SITE_STRINGS}
    env.globals["site_strings"] = lambda: texts
    env.globals["manifest_path"] = _manifest_path(lang)
    return env


def _i18n_is_building(config: Any) -> bool:
    """True inside the per-language builds that mkdocs-static-i18n runs from its own hook."""
    plugin = config["plugins"].get("i18n")
    return bool(getattr(plugin, "building", False))


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: Any, **kwargs: Any) -> None:
    if _i18n_is_building(config):
        return
    site = Path(config["site_dir"])
    write_manifests(site, _site_names or {i18n.DEFAULT_LANGUAGE: config["site_name"]})
    if _command == "serve":
        _write(site / "sw.js", SELF_DESTROYING_SW)
    else:
        write_service_worker(site)


def _write(path: Path, text: str) -> None:
    """Replace the file (never write through a hard link into another copy of the site)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_manifests(site: Path, names: dict[str, str]) -> None:
    for lang, name in names.items():
        path = site / _manifest_path(lang)
        up = "../" * _manifest_path(lang).count("/")
        manifest = {
            "name": name,
            "short_name": i18n.text("ui.app_short_name", lang),
            "lang": lang,
            "dir": "ltr",
            "start_url": "./calculator/",
            "scope": up or "./",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": "#ffffff",
            "icons": [
                {"src": f"{up}assets/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                {"src": f"{up}assets/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
                {"src": f"{up}assets/icons/icon-maskable-512.png", "sizes": "512x512",
                 "type": "image/png", "purpose": "maskable"},
            ],
        }
        _write(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def _languages(site: Path) -> list[str]:
    """The path prefixes of the built languages: "" for the default, then "ja/", "vi/"…"""
    prefixes = [""]
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        if (folder / "calculator" / "index.html").is_file():
            prefixes.append(folder.name + "/")
    return prefixes


def fallback_files(site: Path) -> set[str]:
    """The files only Pyodide's standard start uses: calc_boot.mjs's fallback, the full stdlib
    it reads a rarely used module from, and Pyodide's WebAssembly under its stock name (the fast
    start has its own copy, named by content). Kept out of the precache (about 7.4 MB once
    compressed); fetched, and then kept, only if ever needed."""
    runtime = site / "assets" / "pyodide"
    files = {"assets/pyodide/pyodide-lock.json"}
    lock = runtime / "pyodide-lock.json"
    if lock.is_file():
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
        files |= {f"assets/pyodide/{p['file_name']}" for p in packages.values()}
    manifest = runtime / "fastboot.json"
    if manifest.is_file():
        fast = json.loads(manifest.read_text(encoding="utf-8"))
        files.add("assets/" + fast.get("full_stdlib", "").removeprefix("./"))
        if fast.get("asm_wasm"):
            files.add("assets/pyodide/pyodide.asm.wasm")
    return files


def unused_files(site: Path) -> set[str]:
    """Shipped by PyScript and Material but never loaded here: PyScript's editor and terminal
    (CodeMirror, xterm), its own service worker, and search languages the site does not use."""
    unused = {rel for rel in _all(site) if rel.startswith(PYSCRIPT_UNUSED)}
    unused.add("assets/pyscript/service-worker.js")
    index = site / "search" / "search_index.json"
    languages = set()
    if index.is_file():
        languages = set(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])
    wanted = {"lunr.stemmer.support", "lunr.multi"} | {f"lunr.{code}" for code in languages}
    for rel in _all(site):
        name = rel.rsplit("/", 1)[-1]
        stemmer = rel.startswith("assets/javascripts/lunr/min/")
        segmenter = rel.startswith("assets/javascripts/lunr/") and name in LUNR_SEGMENTERS
        if (stemmer and name.removesuffix(".min.js") not in wanted) or (
                segmenter and LUNR_SEGMENTERS[name] not in languages):
            unused.add(rel)
    return unused


def _all(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def language_files(site: Path) -> dict[str, list[str]]:
    """What each language adds to the precache, by its folder ("" for the default language):
    its pages of PAGES and the search's word segmenter it alone needs. The worker precaches the
    languages of the pages open when it installs, and any other language once one of its pages
    is visited online: fifteen languages' pages for every visitor would be about 0.9 MB more
    to download (brotli), for pages nobody reads in all of them."""
    found: dict[str, list[str]] = {}
    for prefix in _languages(site):
        found[prefix] = [prefix + page if prefix + page else "./" for page in PAGES
                         if (site / prefix / page / "index.html").is_file()]
        index = f"search/search_index.{prefix.rstrip('/') or i18n.DEFAULT_LANGUAGE}.json"
        if (site / index).is_file():  # the search's index, cut to the language (hooks/search.py)
            found[prefix].append(index)
    for rel in _all(site):
        name = rel.rsplit("/", 1)[-1]
        if rel.startswith("assets/javascripts/lunr/") and name in LUNR_SEGMENTERS:
            prefix = LUNR_SEGMENTERS[name] + "/"
            if prefix in found:
                found[prefix].append(rel)
    return found


def precache_list(site: Path) -> list[str]:
    """Site-relative URLs every visitor precaches, from what is really in the built site (the
    pages of each language are in ``language_files``)."""
    per_language = {rel for files in language_files(site).values() for rel in files}
    # The site-wide search index is not loaded when the cut ones are there (search_worker.js).
    whole = {"search/search_index.json"} if any(
        rel.startswith("search/search_index.") for rel in per_language) else set()
    skipped = fallback_files(site) | unused_files(site) | per_language | whole
    urls = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel == "sw.js" or rel in UNVERSIONED | HOST_FILES or rel.endswith(SKIPPED_SUFFIXES):
            continue
        if rel.startswith(SKIPPED_DIRS) or rel in skipped:
            continue
        if path.suffix == ".html":
            if rel == "404.html":
                urls.append(rel)
            continue  # pages: by language (language_files), or cached when visited
        urls.append(rel)
    return urls


def site_version(site: Path, template: str) -> str:
    """A hash of every file of the site (and of the worker's own code)."""
    digest = hashlib.sha256(template.encode())
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel == "sw.js" or rel in UNVERSIONED:
            continue
        digest.update(rel.encode() + b"\0")
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()[:16]


def write_service_worker(site: Path) -> str:
    """Write <site>/sw.js; returns its version."""
    template = SW_TEMPLATE.read_text(encoding="utf-8")
    version = site_version(site, template)
    files = precache_list(site)
    body = template.replace("__VERSION__", version).replace(
        "__FILES__", json.dumps(files, indent=2, ensure_ascii=False)).replace(
        "__LANGUAGES__", json.dumps(language_files(site), indent=2, ensure_ascii=False))
    _write(site / "sw.js", body)
    return version
