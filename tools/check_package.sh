#!/usr/bin/env bash
# Build the wheel and the sdist, install each in a clean virtual environment (no project files
# on the path), and run the installed CLI: `lumpsum --version` must name the source's version,
# and an estimate and `lumpsum about` must work. Used by `make test` and the release workflow.
set -euo pipefail
PYTHON=${PYTHON:-python3}
OUT=${1:-build/dist}
rm -rf "$OUT" build/package-check
mkdir -p "$OUT"
"$PYTHON" -m build --outdir "$OUT" . >/dev/null
expected=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' calc/__init__.py)
example=$(realpath site/examples/intern-3-years.json)
for artefact in "$OUT"/*.whl "$OUT"/*.tar.gz; do
  venv=build/package-check/$(basename "$artefact")
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install -q "$artefact"
  (
    cd "$venv"  # away from the checkout, so only the installed package can be imported
    version=$(bin/lumpsum --version)
    case "$version" in
      "lumpsum $expected (data "*) ;;
      *) echo "$artefact: lumpsum --version said '$version', expected $expected" >&2; exit 1 ;;
    esac
    bin/lumpsum estimate "$example" --format json > estimate.json
    bin/python - "$expected" <<'PY'
import json, sys
estimate = json.load(open("estimate.json"))
assert estimate["versions"]["calculator"] == sys.argv[1], estimate["versions"]
assert estimate["total_received"] > 0 and estimate["steps"], "no estimate"
PY
    bin/lumpsum about > /dev/null
    echo "$(basename "$artefact"): $version"
  )
done
