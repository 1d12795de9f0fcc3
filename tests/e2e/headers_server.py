"""A static server for the built site that sends the headers a host would send from `_headers`.

`_headers` (written by hooks/security.py) is read the way Cloudflare Pages reads it: every
rule whose path matches adds its headers, the same header from several rules is joined with
", ", and a `! Name` line drops that header from the rules before it. Netlify reads the same
file differently (it skips `! Name` lines, and a later matching rule replaces a header):
`served_headers(..., host="netlify")` gives that reading, so a test can check both agree.

CSP violations are reported to the server itself (`report-uri`, added for the test only), which
is the one way to hear about violations inside workers, PyScript's included: their events never
reach the page's `securitypolicyviolation` listeners.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPORT_PATH = "/__csp-report"
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass
class Rule:
    pattern: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    detach: set[str] = field(default_factory=set)

    def matches(self, path: str) -> bool:
        regex = ".*".join(re.escape(part) for part in self.pattern.split("*"))
        return re.fullmatch(regex, path) is not None


def parse_headers_file(text: str) -> list[Rule]:
    rules: list[Rule] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append(Rule(line))
        elif line.startswith("!"):
            rules[-1].detach.add(line[1:].strip().lower())
        else:
            name, value = line.split(":", 1)
            rules[-1].headers.append((name.strip(), value.strip()))
    return rules


def served_headers(rules: list[Rule], path: str, host: str = "cloudflare") -> dict[str, str]:
    """{lower-case name: value} a host sends for `path`."""
    found: dict[str, list[str]] = {}
    for rule in rules:
        if not rule.matches(path):
            continue
        if host == "cloudflare":
            for name in rule.detach:
                found.pop(name, None)
            for name, value in rule.headers:
                found.setdefault(name.lower(), []).append(value)
        else:  # netlify: a later matching rule replaces the header
            for name, value in rule.headers:
                found[name.lower()] = [value]
    return {name: ", ".join(values) for name, values in found.items()}


def site_pages(site: Path, lang: str, languages: list[str]) -> list[str]:
    """Every page of the built site in `lang`, as paths relative to the site root."""
    root = site if lang == "en" else site / lang
    pages = []
    for index in sorted(root.rglob("index.html")):
        relative = index.parent.relative_to(root)
        if lang == "en" and relative.parts and relative.parts[0] in languages:
            continue  # another language's copy
        prefix = "" if lang == "en" else f"{lang}/"
        pages.append(prefix + "".join(f"{part}/" for part in relative.parts))
    return pages


def meta_policy(page: str) -> str | None:
    match = _META.search(page)
    return html.unescape(match[1]) if match else None


class PolicyServer:
    """Serve `site`; `mode` "header" sends `_headers`, "meta" relies on each page's <meta>.

    In "meta" mode each page's own policy is also sent as Content-Security-Policy-Report-Only,
    enforcing nothing more but reporting what the <meta> policy blocks in workers.
    `alter(policy) -> policy` changes the enforced header policy (to prove detection works).
    """

    def __init__(self, site: Path, mode: str, alter=None) -> None:
        self.site, self.mode, self.alter = site, mode, alter
        self.rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
        self.reports: list[dict] = []
        self.url = ""

    def report_lines(self) -> list[str]:
        lines = []
        for report in self.reports:
            body = report.get("csp-report", report)
            lines.append(f"{body.get('effective-directive')} blocked {body.get('blocked-uri')} "
                         f"in {body.get('document-uri')} ({body.get('source-file', '')}:"
                         f"{body.get('line-number', '')}) {body.get('script-sample', '')}")
        return lines

    def _extra_headers(self, request_path: str, file: Path) -> list[tuple[str, str]]:
        if self.mode == "header":
            extra = []
            for name, value in served_headers(self.rules, request_path).items():
                if name == "content-security-policy":
                    value = self.alter(value) if self.alter else value
                    value = f"{value}; report-uri {REPORT_PATH}"
                extra.append((name, value))
            return extra
        if file.suffix == ".html" and file.is_file():
            policy = meta_policy(file.read_text(encoding="utf-8"))
            if policy:
                return [("Content-Security-Policy-Report-Only",
                         f"{policy}; report-uri {REPORT_PATH}")]
        return []

    @contextmanager
    def running(self) -> Iterator[PolicyServer]:
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if urlsplit(self.path).path != REPORT_PATH:
                    self.send_error(405)
                    return
                try:
                    server.reports.append(json.loads(body))
                except ValueError:
                    server.reports.append({"unreadable": body.decode("utf-8", "replace")})
                self.send_response(204)
                self.end_headers()

            def end_headers(self) -> None:
                if self.command == "GET" or self.command == "HEAD":
                    path = unquote(urlsplit(self.path).path)
                    file = Path(self.translate_path(self.path))
                    if file.is_dir():
                        file = file / "index.html"
                    for name, value in server._extra_headers(path, file):
                        self.send_header(name, value)
                super().end_headers()

        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(self.site)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        try:
            yield self
        finally:
            httpd.shutdown()
            httpd.server_close()
