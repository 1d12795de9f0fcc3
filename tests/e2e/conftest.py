"""Browser tests of the built site (build/site, from `make build`), served on 127.0.0.1.

Playwright drives Debian's /usr/bin/chromium: Playwright's own browser build cannot be
downloaded here (see tools/ensure_chromium.sh).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

ROOT = Path(__file__).resolve().parents[2]
# LUMPSUM_SITE_DIR lets a second build (e.g. of another branch) be tested without touching this one.
SITE = Path(os.environ.get("LUMPSUM_SITE_DIR", ROOT / "build" / "site"))
ARTEFACTS = ROOT / "test-results"
CHROMIUM = Path("/usr/bin/chromium")
# Quiet, reproducible headless Chromium: no GPU, no background calls home, no QUIC.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():  # else Playwright's own build (`playwright install chromium`)
        args["executable_path"] = str(CHROMIUM)
    return args


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    """A test server that says nothing when the browser drops a download (a test ending while
    the runtime loads): only other errors are printed."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The built site, served from a free port for the whole session."""
    if not (SITE / "calculator" / "index.html").exists():
        pytest.fail(f"{SITE} is not built: run `make build` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_origin(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Another origin (a blog, say): its own server on its own port, serving tmp_path."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", tmp_path
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


@pytest.fixture(autouse=True)
def no_page_errors(page: Page) -> Iterator[list[str]]:
    """Fail any test whose page throws or logs an error, even if its assertions passed."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.on("console", console)
    yield problems
    assert not problems, "\n".join(problems)


@pytest.fixture
def calculator(page: Page, site_url: str):
    from calculator_page import CalculatorPage

    return CalculatorPage(page, site_url)


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright 0.10's own base_url fixture trips a pytest 9 deprecation; not ours.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )
