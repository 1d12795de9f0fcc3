"""Driving the browser for the benchmark: Debian's headless Chromium through Playwright, one
persistent profile per cold+warm pair, performance marks read in the page (so Playwright's own
overhead is never counted), and the input loop that types salaries and times each result."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from serve import Log

CHROMIUM = "/usr/bin/chromium"
# As in tests/e2e/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BOOT_TIMEOUT_MS = 120_000
INPUT_SETTLE_MS = 2_000
DWELL_S = 3.0


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
    const rendered = name.endsWith(":result-rendered"); // calc: (calculator), kit: (claim kit)
    if (name.startsWith("calc:") && !rendered) {
      bench.last[name] = performance.now();
    }
    if (rendered) {
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


def visit(context: Any, url: str, ready: str, log: Log, inputs: int = 0,
          page_kind: str = "calculator") -> dict[str, Any]:
    """One visit in a new tab of `context`; the tab stays open DWELL_S after ready."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log.take()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="attached", timeout=BOOT_TIMEOUT_MS)
    marks = page.evaluate(READ_MARKS)
    latencies = measure_inputs(page, inputs, page_kind) if inputs else []
    time.sleep(DWELL_S)
    requests = log.take()
    page.close()
    return {"marks": marks, "requests": requests, "inputs": latencies, "errors": errors}


# The input loop runs in the page, so the harness (Playwright polling over CDP, on the same
# cores) is never part of what is measured: each new salary is set as a user's edit is, with
# one `input` event, and the next waits for its result to be painted, then a random pause
# that spreads the inputs over the phases of a frame.
INPUT_LOOP = """
async ([selector, salaries, pauses]) => {
  const field = document.querySelector(selector);
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


#: Where each page is typed into: the calculator's salary, the claim kit's account number
#: (a field its checks read on every keystroke); and what the page shows once it answers.
INPUT_FIELDS = {
    "calculator": ("#lsc-epi-rows > li [data-key=amount]",
                   "#result[data-state=ready]:not([aria-busy])"),
    "kit": ('#kit-form [name="bank.account_number"]', "#claim-kit[data-state=ready]"),
}


def measure_inputs(page: Any, count: int, page_kind: str = "calculator") -> list[dict[str, float]]:
    """Change a field, one input event at a time, waiting for each result. Every value is new
    (never one computed before), so no cache anywhere could answer it."""
    selector, ready = INPUT_FIELDS[page_kind]
    page.wait_for_selector(ready, timeout=BOOT_TIMEOUT_MS)
    # The reader clicks into the field (which scrolls it into view), and types once the page has
    # settled (the browser finishes its own work after a load: compiling hot WebAssembly again
    # in the background, caching).
    page.locator(selector).first.focus()
    page.wait_for_timeout(INPUT_SETTLE_MS)
    rng = random.Random(7)
    if page_kind == "kit":
        values = [str(v) for v in rng.sample(range(10**9, 10**10), count)]
    else:
        values = [str(v) for v in rng.sample(range(150_000, 650_000, 100), count)]
    pauses = [rng.uniform(20, 70) for _ in values]
    page.evaluate(INPUT_LOOP, [selector, values, pauses])
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
