"""MkDocs hook: put the browser runtime (Pyodide, wheels, PyScript) into the built site.

The runtime is ~16 MB of generated files, prepared in build/runtime/ by tools/build_runtime.py
(`make runtime`). Keeping it out of site/ keeps it out of git and out of MkDocs' file scan;
this hook copies it to <site_dir>/assets/{pyodide,pyscript}/ after every build, including
under `mkdocs serve`.

On the calculator page (any page holding #calculator) it also adds to <head> the fast start's
manifest (build/runtime/pyodide/fastboot.json, for runtime.js), modulepreload hints for the
runtime's JavaScript and assets/calc_start.js, an async module that starts the Python runtime
before the rest of the page is parsed and set up (measured by bench/run.py). hooks/search.py
holds Material's search back on that page until Python is up.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

RUNTIME = Path(__file__).resolve().parent.parent / "build" / "runtime"
PARTS = ("pyodide", "pyscript")


def _link_or_copy(src: str, dst: str) -> None:
    # A hard link is instant and costs no disk; fall back to a copy across file systems.
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


EARLY_START = (
    '<meta name="calc-fastboot" content="{manifest}">'
    '{preloads}'
    '<script type="module" async src="{root}assets/calc_start.js"></script>'
)
#: The modules calc_start.js goes through before Python's worker can be created, fetched in
#: parallel from the start instead of one after the other as each import is found.
OUR_MODULES = ["javascripts/calculator/storage.js", "javascripts/calculator/runtime.js",
               "javascripts/calculator/pyconfig.js", "assets/pyscript/core.js"]
_STATIC_IMPORT = re.compile(r"""\bfrom\s*["'](\./[\w.-]+\.js)["']""")


def pyscript_modules() -> list[str]:
    """PyScript's chunks that every start loads: the ones core.js imports (its hashed name
    changes with each PyScript release), and its error plugin, imported when it starts."""
    folder = RUNTIME / "pyscript"
    names = _STATIC_IMPORT.findall((folder / "core.js").read_text(encoding="utf-8"))
    names += [f"./{p.name}" for p in sorted(folder.glob("error-*.js"))]
    return [f"assets/pyscript/{name.removeprefix('./')}" for name in names]


def on_post_page(output: str, page, config, **kwargs) -> str:
    if 'id="calculator"' not in output or "</head>" not in output:
        return output
    root = "../" * page.url.count("/")  # page URLs are directory URLs: "calculator/"
    # the fast start's manifest, read by runtime.js (saves calc_boot.mjs fetching it)
    manifest_file = RUNTIME / "pyodide" / "fastboot.json"
    manifest = json.dumps(json.loads(manifest_file.read_text()), separators=(",", ":"))
    preloads = "".join(f'<link rel="modulepreload" href="{root}{module}">'
                       for module in [*OUR_MODULES, *pyscript_modules()])
    tags = EARLY_START.format(root=root, manifest=html.escape(manifest, quote=True),
                              preloads=preloads)
    return output.replace("</head>", tags + "</head>", 1)


def on_post_build(config, **kwargs) -> None:
    missing = [part for part in PARTS if not (RUNTIME / part).is_dir()]
    if missing:
        raise PluginError(f"{RUNTIME} has no {', '.join(missing)}: run `make runtime` first")
    assets = Path(config["site_dir"]) / "assets"
    for part in PARTS:
        target = assets / part
        if target.exists():
            shutil.rmtree(target)  # never serve a stale wheel next to a new lock file
        shutil.copytree(RUNTIME / part, target, copy_function=_link_or_copy)
