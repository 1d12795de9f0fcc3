"""Benchmark of the calculator page's load and of the engine (`make bench`).

    python bench/run.py [--runs 5] [--out build/bench.json] [--baseline bench/baseline.json]
                        [--variant NAME=QUERY ...] [--no-batch]

Serves the built site (build/site, from `make build`) on 127.0.0.1 with Python's http.server
(HTTP/1.0, no compression, no Cache-Control: what `make serve` does) and drives Debian's
headless Chromium through Playwright. Every figure is in ms since navigation start, taken in
the page (performance marks), so Playwright's own overhead is never counted.

  cold     a fresh browser profile: empty HTTP cache, empty Cache Storage
  warm     the second visit: a new tab of the same persistent profile, opened after the first
           tab stayed 3 s (time for V8 to write its wasm code cache and for the page to store what
           it keeps) and was closed
  ready    `calc:ready`: the first result can be computed (Python up, calc imported, one estimate)
  form     `calc:form-ready` (the form takes input) and first-contentful-paint
  bytes    every response of the cold visit (workers included) as the server sent it, and each
           file's size as a compressing host would send it (gzip -9, brotli q11)
  input    a new salary in its field (one input event) → result in the DOM
           (`calc:result-rendered`), and → the next frame painted (rAF, then a task queued after
           that frame)
  floor    the same cold/warm load of bench/pages/bare.html: stock Pyodide core, untouched
           from node_modules (loadPyodide + 1+1), no PyScript, no packages
  batch    claims per second in this CPython, 10,000 generated claims: `lumpsum batch` end to
           end (JSON Lines in, CSV out), calc.estimate alone, and calc.estimate with its steps

The result goes to build/bench.json; with a baseline file (bench/baseline.json, the figures
before the fast boot) a before/after table is printed.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

import browser
import serve
from browser import INSTRUMENT, launch, visit
from figures import Sizes, batch_throughput, headline, summary, transfer
from serve import ROOT, SITE, Log
from table import report

# A realistic claim for the input test: one employer, three years (tests/e2e/claims.py INTERN).
CLAIM = {
    "claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-03-31",
    "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 230000}],
}

TARGETS = {
    "cold_ratio": 1.25,          # cold ready ≤ 1.25 × bare-Pyodide floor
    "warm_ready_ms": 1000,       # second visit ready ≤ 1.0 s
    "input_p95_ms": 16,          # input change → result ≤ one frame
    "cold_brotli_bytes": 7.5e6,  # cold transfer from a brotli-serving host ≤ 7.5 MB
    "batch_per_s": 10_000,       # engine, reported only
}


# --- main ---------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if not (SITE / "calculator" / "index.html").exists():
        raise SystemExit(f"{SITE} is not built: run `make build` first")
    variants = {"calculator": "calculator/", "floor": "__bench__/bare.html"}
    if args.kit:  # the claim kit's page starts the same Python: it must start as fast
        variants["kit"] = "claim-kit/"
    if serve.BEFORE_SITE:
        variants["before"] = "__before__/calculator/"
    if args.compare:  # the same page with other starts, in the same run, interleaved
        variants["pyscript"] = "calculator/?pyboot=pyscript"
        variants["fast"] = "calculator/?pyboot=fast"
    for spec in args.variant:
        name, _, query = spec.partition("=")
        variants[name] = "calculator/" + query
    ready = {name: "#calc-status[data-state=ready]" for name in variants}
    ready["floor"] = "#state[data-state=ready]"

    log, sizes = Log(), Sizes()
    raw: dict[str, dict[str, list[Any]]] = {n: {"cold": [], "warm": []} for n in variants}
    inputs: dict[str, list[dict[str, float]]] = {n: [] for n in variants}
    bytes_cold: dict[str, Any] = {}
    errors: list[str] = []
    with serve.serve(log) as base, sync_playwright() as pw:
        for run_index in range(args.runs):
            for name, path in variants.items():
                with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
                    context = launch(pw, Path(tmp))
                    try:
                        context.add_init_script(INSTRUMENT)
                        cold = visit(context, base + path, ready[name], log)
                        warm_url = base + path
                        wants_inputs = (name in ("calculator", "before", "kit")
                                        and run_index < args.input_runs)
                        if wants_inputs:
                            warm_url += "#c=" + link_fragment(CLAIM)
                        warm = visit(context, warm_url, ready[name], log,
                                     inputs=args.inputs if wants_inputs else 0,
                                     page_kind="kit" if name == "kit" else "calculator")
                    finally:
                        context.close()
                raw[name]["cold"].append(cold["marks"])
                raw[name]["warm"].append(warm["marks"])
                inputs[name].extend(warm["inputs"])
                errors += [f"{name}: {e}" for e in cold["errors"] + warm["errors"]]
                if run_index == 0:
                    bytes_cold[name] = transfer(cold["requests"], sizes)
                    bytes_cold[name]["warm_requests"] = warm["requests"]
                cold_ms = cold["marks"].get("calc:ready", 0)
                warm_ms = warm["marks"].get("calc:ready", 0)
                print(f"  run {run_index + 1}/{args.runs} {name:12s} cold {cold_ms:7.0f} ms"
                      f"  warm {warm_ms:7.0f} ms", file=sys.stderr, flush=True)
    sizes.save()

    result: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load": os.getloadavg(),
                    "python": platform.python_version(), "chromium": browser.CHROMIUM},
        "runs": args.runs, "variants": {}, "bytes_cold": bytes_cold, "errors": errors,
        "service_workers": browser.SERVICE_WORKERS,
    }
    for name, visits in raw.items():
        out: dict[str, Any] = {}
        for kind, marks_list in visits.items():
            keys = sorted({k for marks in marks_list for k in marks})
            out[kind] = {k: summary([m.get(k) for m in marks_list]) for k in keys}
        result["variants"][name] = out
    result["inputs"] = {
        name: {
            "dom": summary([s["dom"] for s in samples]),
            "painted": summary([s["painted"] for s in samples]),
            "samples": [{k: round(v, 2) for k, v in s.items()} for s in samples],
        }
        for name, samples in inputs.items() if samples
    }
    result["input"] = result["inputs"].get("calculator", {"dom": None, "painted": None})
    if args.batch:
        result["batch"] = batch_throughput()
    return result


def link_fragment(claim: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(claim).encode()).decode().rstrip("=")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="cold+warm pairs per variant")
    ap.add_argument("--inputs", type=int, default=40, help="keys typed per measured warm visit")
    ap.add_argument("--input-runs", type=int, default=3, help="warm visits that measure input")
    ap.add_argument("--variant", action="append", default=[],
                    help="extra calculator variant NAME=QUERY, e.g. plain=?pyboot=plain")
    ap.add_argument("--no-batch", dest="batch", action="store_false")
    ap.add_argument("--no-kit", dest="kit", action="store_false",
                    help="skip the claim kit's page (/claim-kit/)")
    ap.add_argument("--no-compare", dest="compare", action="store_false",
                    help="skip the variants pyscript (PyScript's own boot of Pyodide, as before "
                         "calc_boot.mjs) and fast (calc_boot.mjs without the snapshot)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json")
    ap.add_argument("--baseline", type=Path, default=ROOT / "bench" / "baseline.json")
    ap.add_argument("--report", type=Path, help="only print the table of an existing result file")
    ap.add_argument("--before-site", type=Path,
                    help="another build of the site (e.g. of the previous commit) measured in the "
                         "same run as the 'before' column")
    ap.add_argument("--block-service-workers", action="store_true",
                    help="run without the site's service worker (offline support), to measure "
                         "the page's own loading apart from the worker's precaching")
    args = ap.parse_args()
    if args.block_service_workers:
        browser.SERVICE_WORKERS = "block"
    serve.BEFORE_SITE = args.before_site.resolve() if args.before_site else None

    baseline = json.loads(args.baseline.read_text()) if args.baseline.exists() else None
    if args.report:
        print(report(json.loads(args.report.read_text()), baseline))
        return
    result = run(args)
    result["targets"] = TARGETS
    result["headline"] = headline(result)
    result["headline_pyscript"] = headline(result, "pyscript")
    result["headline_before"] = headline(result, "before")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(report(result, baseline))
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"\nwritten to {shown}")


if __name__ == "__main__":
    main()
