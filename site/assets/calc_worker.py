"""The calculator's Python side, run in a PyScript worker (see javascripts/calculator/runtime.js).

The page calls only the functions in ``__export__``; each returns JSON text, so nothing but
strings crosses the worker boundary. All rules live in the ``calc`` wheel: this file only
installs it, warms it up and forwards calls. It must never touch ``window`` or ``document``:
without cross-origin isolation a worker has no synchronous access to them.
"""

import gc
import importlib.util
import sys

import pyodide_js  # Pyodide's own JS API, available inside the worker

_api = None


async def install():
    """Make ``calc`` (and pydantic) importable. assets/calc_boot.mjs has normally done so
    already (and imported them): then warm up at once, in the same call (one crossing of the
    worker boundary less), and return what ``warm_up`` returns. After its fallback, Pyodide's
    standard start, install the wheels from our pruned lock file and return None: the page
    then calls ``warm_up``, so that it can show the two stages."""
    if importlib.util.find_spec("calc") is not None:
        return warm_up()
    await pyodide_js.loadPackagesFromImports("import calc")
    return None


def warm_up():
    """Import the rules and run one estimate, so the user's first result comes at once.

    pydantic builds its validators on first use; doing it here moves that cost into loading.
    """
    global _api
    from calc import api

    if "calc_boot" not in sys.modules:  # calc_boot.mjs's start has run these estimates already
        api.estimate_json('{"nationality": "VN"}')
    _api = api
    # What is alive now lives as long as the page: out of the garbage collector's full passes,
    # which would otherwise walk all of pydantic on some keystrokes (as calc_boot.py does
    # before its snapshot; here for Pyodide's standard start too).
    gc.collect()
    gc.freeze()
    return api.about()


def estimate_json(payload, lang="en"):
    """The claim's result as JSON text; ``lang`` picks the language of the messages."""
    return _api.estimate_json(payload, lang)


def kit_json(payload, lang="en"):
    """The claim kit's answer as JSON text (calc.kit, imported on first use)."""
    return _api.kit_json(payload, lang)


def calendar_json(payload, lang="en"):
    """The claim kit's plan as an iCalendar file, inside JSON text."""
    return _api.calendar_json(payload, lang)


__export__ = ["install", "warm_up", "estimate_json", "kit_json", "calendar_json"]
