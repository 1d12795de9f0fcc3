"""Boot helpers run inside Pyodide by assets/calc_boot.mjs (shipped in the fast-boot bundle).

``install(full_stdlib_url)`` makes the stdlib modules left out of the trimmed standard library
still importable: the first time one is imported, the stock python_stdlib.zip is fetched once
(synchronously: Python imports cannot wait) and imported from. ``warm_up()`` imports the engine
and computes what the page computes first, so that a memory snapshot taken right after it holds
a warm engine. ``exercise()`` is the wider probe that tools/fastboot_build.py runs at build time
to find out which stdlib modules the engine needs. Nothing here knows a pension rule.
"""

import gc
import importlib.machinery
import json
import os
import sys

FULL_STDLIB = "/lib/python_stdlib_full.zip"
_HERE = os.path.dirname(__file__)


class StdlibFallback:
    """Finder of last resort (end of sys.meta_path) for stdlib modules left out of the zip."""

    def __init__(self, url, left_out):
        self.url = url
        self.left_out = frozenset(left_out)
        self.fetched = False

    def find_spec(self, name, path=None, target=None):
        if name not in self.left_out:
            return None
        if not self.fetched:
            self._fetch(name)
        parent = name.rpartition(".")[0]
        where = FULL_STDLIB + ("/" + parent.replace(".", "/") if parent else "")
        return importlib.machinery.PathFinder.find_spec(name, [where])

    def _fetch(self, name):
        from js import XMLHttpRequest, console  # a worker may block; an import cannot await

        request = XMLHttpRequest.new()
        request.open("GET", self.url, False)
        request.responseType = "arraybuffer"
        request.send(None)
        if request.status != 200:
            raise ImportError(f"{self.url}: HTTP {request.status}")
        with open(FULL_STDLIB, "wb") as f:
            f.write(request.response.to_bytes())
        self.fetched = True
        console.info(f"calc_boot: {name} is not in the trimmed stdlib; fetched {self.url}")


def install(full_stdlib_url):
    with open(os.path.join(_HERE, "calc_boot_stdlib.json")) as f:
        left_out = json.load(f)
    if not any(isinstance(f, StdlibFallback) for f in sys.meta_path):
        sys.meta_path.append(StdlibFallback(full_stdlib_url, left_out))


# The first claims the page computes: an empty form (what is typed before anything is
# chosen) and a typical complete one.
_EMPTY = {"nationality": "VN"}
_TYPICAL = {
    "claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-03-31",
    "national_pension": [{"from": "2022-04", "to": "2023-03", "status": "paid"}],
    "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 230000}],
    "bonuses": [{"month": "2024-12", "amount": 300000}],
}


# A claim kit's details (build-time probe only: what the kit imports is kept in the bundle).
_DETAILS = {
    "name": "Nguyễn Văn An", "date_of_birth": "1998-05-12",
    "address": {"street": "12 Lê Lợi", "city": "Huế", "postcode": "530000", "country": "VN"},
    "bank": {"swift": "BFTVVNVX", "name": "Vietcombank", "branch": "Hue",
             "branch_address": "78 Hung Vuong", "branch_city": "Hue", "branch_country": "VN",
             "account_number": "0123456789", "holder": "NGUYEN VAN AN"},
    "basic_pension_number": "1234567890", "posting_date": "2026-04-10",
    "defined_contribution": {"company": True, "ideco": True},
}


def warm_up(languages=("en",)):
    """Import the engine and run what the page runs first; returns calc.api.about()."""
    from calc import api

    for lang in languages:
        api.estimate_json(json.dumps(_EMPTY), lang)
        api.estimate_json(json.dumps(_TYPICAL), lang)
    about = api.about()
    _freeze()
    return about


def _freeze():
    """Move everything alive now (modules, pydantic's validators, the parameters) out of the
    garbage collector's sight: none of it is ever freed, and the collector's full passes
    would otherwise walk all of it again and again while the reader types."""
    gc.collect()
    gc.freeze()


def exercise():
    """Build-time probe: every language, valid and invalid claims, every switch."""
    from calc import api, i18n

    claims = [
        _EMPTY, _TYPICAL, {**_TYPICAL, "what_if_96_month_cap": True},
        {**_TYPICAL, "permanent_resident": True}, {**_TYPICAL, "ever_entitled_to_pension": True},
        {**_TYPICAL, "other_retirement_income_same_year": 1_000_000},
        {**_TYPICAL, "employees_pension": [
            {"from": "2010-01", "to": "2026-03", "standard_monthly_remuneration": 300000}]},
        {**_TYPICAL, "left_japan_on": "2020-01-01"},
        {**_TYPICAL, "employees_pension": [{"from": "2026-03", "to": "2023-04"}]},
        {**_TYPICAL, "claim_date": "not a date", "nationality": "??"},
        {"employees_pension": "x", "bonuses": [{"month": 5}]},
    ]
    kit_requests = [
        {"claim": _TYPICAL},
        {"claim": _TYPICAL, "details": _DETAILS},
        {"claim": _TYPICAL, "details": {**_DETAILS, "bank": {
            "iban": "DE89370400440532013000", "swift": "DEUTDEFF", "branch_country": "DE"},
            "date_of_birth": "31/12/1990", "history": [{"from": "x"}]}},
        {"claim": {"nationality": "JP"}, "extra": 1},
    ]
    for lang in i18n.available_languages():
        for claim in claims:
            api.estimate_json(json.dumps(claim), lang)
        for request in kit_requests:
            api.kit_json(json.dumps(request), lang)
            api.calendar_json(json.dumps(request), lang)
        api.estimate_json("{not json", lang)
        api.estimate_json("[]", lang)
    api.about()
    api.claim_schema()


def after_restore():
    """Right after a memory snapshot is restored: fresh randomness, and one real call into
    pydantic_core, so that a broken restore fails here (and the page starts afresh) rather
    than on the visitor's first claim."""
    if "random" in sys.modules:
        sys.modules["random"].seed()
    from calc import api

    result = json.loads(api.estimate_json(json.dumps(_EMPTY), "en"))
    if "ok" not in result:
        raise RuntimeError("the restored engine gave no answer")
