"""MkDocs hook: put the browser runtime (Pyodide, wheels, PyScript) into the built site.

The runtime is ~16 MB of generated files, prepared in build/runtime/ by tools/build_runtime.py
(`make runtime`). Keeping it out of site/ keeps it out of git and out of MkDocs' file scan;
this hook copies it to <site_dir>/assets/{pyodide,pyscript}/ after every build, including
under `mkdocs serve`.
"""

from __future__ import annotations

import os
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
