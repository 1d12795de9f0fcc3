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
import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import http.server
import json
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
FLOOR = ROOT / "node_modules" / "pyodide"
PAGES = Path(__file__).resolve().parent / "pages"
CACHE = ROOT / "build" / "bench-sizes.json"
CHROMIUM = "/usr/bin/chromium"
# As in tests/e2e/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BOOT_TIMEOUT_MS = 120_000
INPUT_SETTLE_MS = 2_000
DWELL_S = 3.0

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


# --- server ----------------------------------------------------------------------------------
class Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[dict[str, Any]] = []

    def add(self, **entry: Any) -> None:
        with self.lock:
            self.entries.append(entry)

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            entries, self.entries = self.entries, []
        return entries


BEFORE_SITE: Path | None = None  # --before-site: another build, served under /__before__/


def disk_path(url_path: str) -> Path | None:
    """The file a URL path is served from (mirrors Handler.translate_path)."""
    path = unquote(urlsplit(url_path).path)
    for prefix, base in (("/__floor__/pyodide/", FLOOR), ("/__bench__/", PAGES)):
        if path.startswith(prefix):
            return base / path[len(prefix):]
    site = SITE
    if BEFORE_SITE and path.startswith("/__before__/"):
        site, path = BEFORE_SITE, path[len("/__before__"):]
    target = site / path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class Handler(http.server.SimpleHTTPRequestHandler):
    log: Log

    def translate_path(self, path: str) -> str:
        found = disk_path(path)
        return str(found) if found else super().translate_path(path)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        sent = 0
        while chunk := source.read(1 << 16):
            outputfile.write(chunk)
            sent += len(chunk)
        self.log.add(path=urlsplit(self.path).path, bytes=sent, status=200)

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        if str(code) != "200":
            self.log.add(path=urlsplit(self.path).path, bytes=0, status=int(str(code)))

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(log: Log):
    handler = type("BenchHandler", (Handler,), {"log": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(SITE))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- in-page instrumentation -------------------------------------------------------------------
# Wraps performance.mark so that the frame after a result is caught synchronously (an observer
# would be called late), and records the timestamp of every input event.
INSTRUMENT = """
(() => {
  const bench = (window.__bench = { inputs: [], renders: [], worker: {}, last: {} });
  // marks of assets/calc_boot.mjs, posted from the worker as absolute times
  new BroadcastChannel("calc-boot-marks").onmessage = ({ data }) => {
    bench.worker[data.name] ??= data.time - performance.timeOrigin;
  };
  document.addEventListener("input", (e) => bench.inputs.push(e.timeStamp), true);
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const entry = mark(name, ...rest);
    if (name.startsWith("calc:") && name !== "calc:result-rendered") {
      bench.last[name] = performance.now();
    }
    if (name === "calc:result-rendered") {
      const dom = performance.now();
      const steps = { ...bench.last };
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          bench.renders.push({ dom, painted: performance.now(), steps });
        };
        channel.port2.postMessage(0);
      });
    }
    return entry;
  };
})();
"""

READ_MARKS = """() => {
  const marks = {};
  for (const e of performance.getEntriesByType("mark")) {
    if (!(e.name in marks)) marks[e.name] = e.startTime;
  }
  for (const e of performance.getEntriesByType("paint")) marks[e.name] = e.startTime;
  Object.assign(marks, window.__bench?.worker ?? {});
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) {
    marks["dom-content-loaded"] = nav.domContentLoadedEventEnd;
    marks["load"] = nav.loadEventEnd;
  }
  return marks;
}"""


SERVICE_WORKERS = "allow"  # --block-service-workers: measure the page without the site's SW


def launch(pw: Any, profile: Path) -> Any:
    return pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1280, "height": 900}, service_workers=SERVICE_WORKERS,
    )


def visit(context: Any, url: str, ready: str, log: Log, inputs: int = 0) -> dict[str, Any]:
    """One visit in a new tab of `context`; the tab stays open DWELL_S after ready."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log.take()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="attached", timeout=BOOT_TIMEOUT_MS)
    marks = page.evaluate(READ_MARKS)
    latencies = measure_inputs(page, inputs) if inputs else []
    time.sleep(DWELL_S)
    requests = log.take()
    page.close()
    return {"marks": marks, "requests": requests, "inputs": latencies, "errors": errors}


# The input loop runs in the page, so the harness (Playwright polling over CDP, on the same
# cores) is never part of what is measured: each new salary is set as a user's edit is, with
# one `input` event, and the next waits for its result to be painted, then a random pause
# that spreads the inputs over the phases of a frame.
INPUT_LOOP = """
async ([salaries, pauses]) => {
  const field = document.querySelector("#lsc-epi-rows > li [data-key=amount]");
  const bench = window.__bench;
  const painted = (count) => new Promise((resolve, reject) => {
    const deadline = performance.now() + 10000;
    const check = () => {
      if (bench.renders.length >= count) resolve();
      else if (performance.now() > deadline) reject(new Error("no result after an input"));
      else setTimeout(check, 1);
    };
    check();
  });
  for (const [i, salary] of salaries.entries()) {
    const count = bench.renders.length + 1;
    field.value = String(salary);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await painted(count);
    await new Promise((resolve) => setTimeout(resolve, pauses[i]));
  }
}
"""


def measure_inputs(page: Any, count: int) -> list[dict[str, float]]:
    """Change the salary field, one input event at a time, waiting for each result. Every value
    is new (never a claim computed before), so no cache anywhere could answer it."""
    page.wait_for_selector("#result[data-state=ready]:not([aria-busy])", timeout=BOOT_TIMEOUT_MS)
    # The reader clicks into the field (which scrolls it into view), and types once the page has
    # settled (the browser finishes its own work after a load: compiling hot WebAssembly again
    # in the background, caching).
    page.locator("#lsc-epi-rows > li [data-key=amount]").first.focus()
    page.wait_for_timeout(INPUT_SETTLE_MS)
    rng = random.Random(7)
    salaries = rng.sample(range(150_000, 650_000, 100), count)
    pauses = [rng.uniform(20, 70) for _ in salaries]
    page.evaluate(INPUT_LOOP, [salaries, pauses])
    samples = []
    bench = page.evaluate("window.__bench")
    for render in bench["renders"]:
        typed = [t for t in bench["inputs"] if t <= render["dom"]]
        if typed:
            sample = {"dom": render["dom"] - typed[-1], "painted": render["painted"] - typed[-1]}
            for name, at in render.get("steps", {}).items():  # where the time went
                if at >= typed[-1]:
                    sample[name.removeprefix("calc:")] = at - typed[-1]
            samples.append(sample)
    return samples[-count:]


# --- sizes ------------------------------------------------------------------------------------
class Sizes:
    """gzip -9 and brotli q11 sizes of files, cached by content hash in build/."""

    def __init__(self) -> None:
        self.cache: dict[str, list[int]] = {}
        if CACHE.exists():
            self.cache = json.loads(CACHE.read_text())

    def of(self, path: Path) -> tuple[int, int, int]:
        import brotli  # requirements/bench.txt

        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        if key not in self.cache:
            self.cache[key] = [len(gzip.compress(data, 9, mtime=0)),
                               len(brotli.compress(data, quality=11))]
        gz, br = self.cache[key]
        return len(data), gz, br

    def save(self) -> None:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(self.cache))


def transfer(requests: list[dict[str, Any]], sizes: Sizes) -> dict[str, Any]:
    files: dict[str, dict[str, int]] = {}
    for request in requests:
        entry = files.setdefault(
            request["path"], {"requests": 0, "sent": 0, "raw": 0, "gzip": 0, "brotli": 0})
        entry["requests"] += 1
        entry["sent"] += request["bytes"]
    for path, entry in files.items():
        found = disk_path(path)
        if found and entry["sent"]:
            entry["raw"], entry["gzip"], entry["brotli"] = sizes.of(found)
    keys = ("requests", "sent", "raw", "gzip", "brotli")
    total = {key: sum(f[key] for f in files.values()) for key in keys}
    return {"total": total, "files": dict(sorted(files.items(), key=lambda kv: -kv[1]["sent"]))}


# --- statistics ---------------------------------------------------------------------------------
def summary(values: list[float]) -> dict[str, float] | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "p95": p95,
            "n": len(values)}


# --- batch --------------------------------------------------------------------------------------
def generate_claims(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    nations = ["VN", "CN", "PH", "NP", "ID", "US", "BR", "MM", "LK", "IN"]
    statuses = ["paid", "paid", "half_exempt", "student_deferral", "exempt", "unpaid"]
    claims = []
    for i in range(count):
        year = rng.randint(2012, 2024)
        start = f"{year}-{rng.randint(1, 12):02d}"
        months = rng.randint(6, 120)
        end_index = year * 12 + int(start[5:]) - 1 + months - 1
        end_index = min(end_index, 2026 * 12 + 2)
        end = f"{end_index // 12}-{end_index % 12 + 1:02d}"
        left = f"{end_index // 12}-{end_index % 12 + 1:02d}-28"
        claim: dict[str, Any] = {
            "claim_date": "2026-11-24", "nationality": rng.choice(nations), "left_japan_on": left,
            "employees_pension": [
                {"from": start, "to": end, "monthly_salary": rng.randrange(150_000, 650_000, 1000)}
                if rng.random() < 0.6 else
                {"from": start, "to": end, "standard_monthly_remuneration": rng.choice(
                    [98000, 150000, 200000, 240000, 300000, 410000, 500000, 650000])}
            ],
        }
        if rng.random() < 0.3:
            np_year = year - rng.randint(1, 3)
            claim["national_pension"] = [
                {"from": f"{np_year}-04", "to": f"{year - 1}-12", "status": rng.choice(statuses)}]
        if rng.random() < 0.3 and year >= 2004:
            amount = rng.randrange(100_000, 900_000, 1000)
            claim["bonuses"] = [{"month": f"{year}-12", "amount": amount}]
        if i % 50 == 0:
            claim["what_if_96_month_cap"] = True
        claims.append(claim)
    return claims


def batch_throughput(count: int = 10_000, repeats: int = 3) -> dict[str, Any]:
    """Claims per second, best of ``repeats`` on one core, for the three ways claims are run:
    ``batch`` is `lumpsum batch` (JSON Lines in, CSV out, no steps: calc.batch end to end),
    ``figures`` calc.estimate(explain=False) alone, ``steps`` calc.estimate with its steps."""
    import io

    import calc
    from calc import batch

    claims = generate_claims(count)
    lines = "\n".join(json.dumps(claim) for claim in claims)

    def estimates(explain: bool) -> int:
        invalid = 0
        for claim in claims:
            try:
                calc.estimate(claim, explain=explain)
            except calc.InvalidClaim:
                invalid += 1
        return invalid

    def whole_batch() -> int:
        batch.write_csv(batch.run(lines, "jsonl", explain=False), io.StringIO())
        return 0

    runs = {"batch": whole_batch, "figures": lambda: estimates(False),
            "steps": lambda: estimates(True)}
    estimates(False)  # warm-up: parameter loading, pydantic schema build
    result: dict[str, Any] = {"claims": count, "invalid": estimates(False),
                              "python": platform.python_version()}
    for name, work in runs.items():
        rates = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            work()
            rates.append(count / (time.perf_counter() - t0))
        result[name] = {"per_second": max(rates), "runs": [round(r) for r in rates]}
    result["per_second"] = result["batch"]["per_second"]
    return result


# --- main ---------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if not (SITE / "calculator" / "index.html").exists():
        raise SystemExit(f"{SITE} is not built: run `make build` first")
    variants = {"calculator": "calculator/", "floor": "__bench__/bare.html"}
    if args.kit:  # the claim kit's page starts the same Python: it must start as fast
        variants["kit"] = "claim-kit/"
    if BEFORE_SITE:
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
    with serve(log) as base, sync_playwright() as pw:
        for run_index in range(args.runs):
            for name, path in variants.items():
                with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
                    context = launch(pw, Path(tmp))
                    try:
                        context.add_init_script(INSTRUMENT)
                        cold = visit(context, base + path, ready[name], log)
                        warm_url = base + path
                        wants_inputs = (name in ("calculator", "before")
                                    and run_index < args.input_runs)
                        if wants_inputs:
                            warm_url += "#c=" + link_fragment(CLAIM)
                        warm = visit(context, warm_url, ready[name], log,
                                     inputs=args.inputs if wants_inputs else 0)
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
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version(),
                    "chromium": CHROMIUM},
        "runs": args.runs, "variants": {}, "bytes_cold": bytes_cold, "errors": errors,
        "service_workers": SERVICE_WORKERS,
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
    import base64

    return base64.urlsafe_b64encode(json.dumps(claim).encode()).decode().rstrip("=")


def headline(result: dict[str, Any], variant: str = "calculator") -> dict[str, float | None]:
    """The figures the targets are about (medians, ms / bytes / claims per second)."""
    def med(name: str, kind: str, key: str) -> float | None:
        entry = result["variants"].get(name, {}).get(kind, {}).get(key)
        return entry["median"] if entry else None

    if variant not in result["variants"]:
        return {}
    cold, floor_cold = med(variant, "cold", "calc:ready"), med("floor", "cold", "calc:ready")
    warm, floor_warm = med(variant, "warm", "calc:ready"), med("floor", "warm", "calc:ready")
    total = result.get("bytes_cold", {}).get(variant, {}).get("total", {})
    main = variant == "calculator"
    if "inputs" in result:
        measured = result["inputs"].get(variant, {})
    else:  # a result file from before per-variant inputs
        measured = result["input"] if main else {}
    input_dom, input_painted = measured.get("dom"), measured.get("painted")
    return {
        "cold_ready_ms": cold, "warm_ready_ms": warm,
        "floor_cold_ms": floor_cold, "floor_warm_ms": floor_warm,
        "cold_ratio": cold / floor_cold if cold and floor_cold else None,
        "warm_ratio": warm / floor_warm if warm and floor_warm else None,
        "fcp_cold_ms": med(variant, "cold", "first-contentful-paint"),
        "form_ready_cold_ms": med(variant, "cold", "calc:form-ready"),
        "input_dom_median_ms": input_dom and input_dom["median"],
        "input_dom_p95_ms": input_dom and input_dom["p95"],
        "input_painted_median_ms": input_painted and input_painted["median"],
        "input_painted_p95_ms": input_painted and input_painted["p95"],
        "cold_requests": total.get("requests"), "cold_raw_bytes": total.get("raw"),
        "cold_gzip_bytes": total.get("gzip"), "cold_brotli_bytes": total.get("brotli"),
        "batch_per_s": result.get("batch", {}).get("per_second") if main else None,
        "figures_per_s": result.get("batch", {}).get("figures", {}).get("per_second")
        if main else None,
        "steps_per_s": result.get("batch", {}).get("steps", {}).get("per_second")
        if main else None,
    }


ROWS = [
    ("cold_ready_ms", "cold: navigation → ready (ms)", "{:.0f}"),
    ("floor_cold_ms", "  floor, bare Pyodide core (ms)", "{:.0f}"),
    ("cold_ratio", "  ratio ours / floor (≤ 1.25)", "{:.2f}"),
    ("warm_ready_ms", "warm: 2nd visit → ready (ms, ≤ 1000)", "{:.0f}"),
    ("floor_warm_ms", "  floor, bare Pyodide core (ms)", "{:.0f}"),
    ("warm_ratio", "  ratio ours / floor", "{:.2f}"),
    ("fcp_cold_ms", "cold: first contentful paint (ms)", "{:.0f}"),
    ("form_ready_cold_ms", "cold: form takes input (ms)", "{:.0f}"),
    ("input_dom_median_ms", "input → result in DOM, median (ms)", "{:.1f}"),
    ("input_dom_p95_ms", "input → result in DOM, p95 (ms, ≤ 16)", "{:.1f}"),
    ("input_painted_median_ms", "input → next frame painted, median", "{:.1f}"),
    ("input_painted_p95_ms", "input → next frame painted, p95", "{:.1f}"),
    ("cold_requests", "cold: requests", "{:.0f}"),
    ("cold_raw_bytes", "cold: bytes, uncompressed (MB)", "mb"),
    ("cold_gzip_bytes", "cold: bytes, gzip host (MB)", "mb"),
    ("cold_brotli_bytes", "cold: bytes, brotli host (MB, ≤ 7.5)", "mb"),
    ("batch_per_s", "batch: claims/s, CPython (≥ 10,000)", "{:,.0f}"),
    ("figures_per_s", "  calc.estimate, figures only", "{:,.0f}"),
    ("steps_per_s", "  calc.estimate with steps", "{:,.0f}"),
]


def fmt(value: float | None, style: str) -> str:
    if value is None:
        return "–"
    if style == "mb":
        return f"{value / 1e6:.2f}"
    return style.format(value)


def report(result: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    if "before" in result["variants"]:
        columns = [("before", headline(result, "before"))]
    else:
        columns = [("before", headline(baseline) if baseline else {})]
    if "pyscript" in result["variants"]:
        columns.append(("pyscript", headline(result, "pyscript")))
    if "fast" in result["variants"]:
        columns.append(("fast", headline(result, "fast")))
    columns.append(("after", headline(result)))
    lines = [f"{'metric':42s}" + "".join(f" {name:>10s}" for name, _ in columns)]
    for key, label, style in ROWS:
        cells = "".join(f" {fmt(values.get(key), style):>10s}" for _, values in columns)
        lines.append(f"{label:42s}{cells}")
    lines.append("before: the --before-site build in this run, else bench/baseline.json (the page "
                 "before this work);\npyscript, fast: this "
                 "run, PyScript's own\nPyodide boot and calc_boot.mjs without snapshot; after: "
                 "this run, the page as built")
    for name, variant in result["variants"].items():
        if name in ("calculator", "floor", "pyscript", "fast", "before"):
            continue
        cold, warm = variant["cold"].get("calc:ready"), variant["warm"].get("calc:ready")
        floor = result["variants"].get("floor", {}).get("cold", {}).get("calc:ready")
        ratio = cold["median"] / floor["median"] if cold and floor else None
        page = "page" if name == "kit" else "variant"
        lines.append(f"{page} {name:34s} cold {fmt(cold and cold['median'], '{:.0f}'):>6s}"
                     f"  warm {fmt(warm and warm['median'], '{:.0f}'):>6s}"
                     f"  cold ÷ floor {fmt(ratio, '{:.2f}'):>5s}")
    files = result.get("bytes_cold", {}).get("calculator", {}).get("files", {})
    lines.append("")
    lines.append(f"{'cold-load file (calculator)':60s} {'sent':>10s} {'gzip':>10s} {'brotli':>10s}")
    for path, entry in files.items():
        if entry["sent"] >= 10_000:
            lines.append(f"{path[-60:]:60s} {entry['sent']:>10,d} {entry['gzip']:>10,d}"
                         f" {entry['brotli']:>10,d}")
    small = [e for e in files.values() if e["sent"] < 10_000]
    lines.append(f"{f'{len(small)} files under 10 kB':60s} {sum(e['sent'] for e in small):>10,d} "
                 f"{sum(e['gzip'] for e in small):>10,d} {sum(e['brotli'] for e in small):>10,d}")
    if result.get("errors"):
        lines.append(f"\n{len(result['errors'])} console/page errors, first: {result['errors'][0]}")
    return "\n".join(lines)


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
    global BEFORE_SITE, SERVICE_WORKERS
    if args.block_service_workers:
        SERVICE_WORKERS = "block"
    BEFORE_SITE = args.before_site.resolve() if args.before_site else None

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
