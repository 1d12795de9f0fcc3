"""Serving for the benchmark: the built site (and the bare-Pyodide floor page, and an optional
"before" build) from 127.0.0.1 with Python's http.server — HTTP/1.0, no compression, no
Cache-Control, as `make serve` does — logging every response's path and size, so that the
bytes of a visit can be counted as sent and as a compressing host would send them."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site"
FLOOR = ROOT / "node_modules" / "pyodide"
PAGES = Path(__file__).resolve().parent / "pages"
CACHE = ROOT / "build" / "bench-sizes.json"


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
def serve(log: Log) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, for the duration of the block (yields its URL)."""
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


