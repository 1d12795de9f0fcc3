"""Point the package's project URLs at the repository a release is built from.

``python tools/project_urls.py OWNER/REPO`` rewrites the ``OWNER/REPO`` placeholders of
``[project.urls]`` in pyproject.toml and of CHANGELOG.md's links (the release workflow passes
``github.repository``), so a fork that publishes its own release links to itself.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "pyproject.toml", ROOT / "CHANGELOG.md"]


def main(repository: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+", repository):
        raise SystemExit(f"not an OWNER/REPO name: {repository!r}")
    owner, repo = repository.split("/")
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        text = text.replace("OWNER.github.io/REPO", f"{owner.lower()}.github.io/{repo}")
        text = text.replace("github.com/OWNER/REPO", f"github.com/{owner}/{repo}")
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
