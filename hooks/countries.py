"""MkDocs hook: fill the nationality <select> of the calculator with every ISO 3166-1 country.

The page writes `<!-- countries -->` inside the select; this hook replaces it with <option>s
so the list is plain HTML, usable before any script runs. The data comes from Debian's
iso-codes (see hooks/countries.json), kept in the repo so the build needs nothing installed.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

MARKER = "<!-- countries -->"
DATA = json.loads((Path(__file__).with_name("countries.json")).read_text(encoding="utf-8"))


def options_html() -> str:
    # One alphabetical list: each code once, so selecting by value is unambiguous, and the
    # native select's type-ahead ("V" → Vietnam) does the job of a "common countries" group.
    return "".join(
        f'<option value="{escape(code)}">{escape(name)}</option>'
        for code, name in DATA["countries"]
    )


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, options_html())
    return markdown
