"""Assemble the browser runtime of the calculator page into build/runtime/.

    python tools/build_runtime.py --calc-wheel build/wheels/lumpsum_calc-0.1.0-py3-none-any.whl

Result (copied into the built site by hooks/pyruntime.py):

    build/runtime/pyodide/   Pyodide core files (npm `pyodide`), the pinned emscripten wheels,
                             our calc wheel and a pruned pyodide-lock.json listing only those
    build/runtime/pyodide/fast-<key>/   the fast start (assets/calc_boot.mjs): the stdlib trimmed
                             to the modules in use and one site-packages wheel, both as .pyc
                             compiled by Pyodide's own CPython (tools/build_fastboot.mjs), the
                             WebAssembly files under names that change with their content, and
    build/runtime/pyodide/fastboot.json  where they are; <key> also names the visitor's snapshot
    build/runtime/pyscript/  @pyscript/core dist/ without source maps

The stock stdlib, the wheels and the lock file stay: they are the standard start that
calc_boot.mjs falls back to, and the stock stdlib is where a trimmed-out module comes from.

Why a pruned lock file: Pyodide checks each wheel's sha256 (SRI) against its lock file, and the
stock lock points at files of Pyodide's CDN that differ from PyPI's. Ours lists exactly the
wheels we ship, so `loadPackage` resolves everything from our own origin.

Incremental: wheels already present with the pinned hash are not downloaded again, and files
whose size and mtime are unchanged are not copied again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent

# Only what the browser loads: the .d.ts, .map, console pages and the CommonJS build stay out.
PYODIDE_CORE = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]

# The browser runs CPython 3.14 on emscripten: these select PyPI's matching wheels.
PIP_PLATFORM = [
    "--only-binary=:all:", "--no-deps", "--require-hashes",
    "--platform", "pyemscripten_2026_0_wasm32", "--platform", "any",
    "--python-version", "3.14", "--implementation", "cp", "--abi", "cp314", "--abi", "none",
]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pinned_requirements(path: Path) -> dict[str, tuple[str, set[str]]]:
    """{canonical name: (version, {allowed sha256})} from a hash-pinned requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text())
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *opts = line.split(" --hash=")
        req = Requirement(spec.strip())
        (version,) = [s.version for s in req.specifier if s.operator == "=="]
        hashes = {option.strip().removeprefix("sha256:") for option in opts}
        pins[canonicalize_name(req.name)] = (version, hashes)
    return pins


def ensure_wheels(requirements: Path, cache: Path) -> list[Path]:
    """The pinned wheels in `cache`, downloading them only when one is missing or altered."""
    pins = pinned_requirements(requirements)
    cache.mkdir(parents=True, exist_ok=True)

    def matching() -> dict[str, Path]:
        found = {}
        for whl in cache.glob("*.whl"):
            name, version, _, _ = parse_wheel_filename(whl.name)
            pin = pins.get(name)
            if pin and str(version) == pin[0] and sha256(whl) in pin[1]:
                found[name] = whl
        return found

    found = matching()
    if set(found) != set(pins):
        print(f"downloading browser wheels: {', '.join(sorted(set(pins) - set(found)))}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", *PIP_PLATFORM,
             "-d", str(cache), "-r", str(requirements)],
            check=True,
        )
        found = matching()
        if set(found) != set(pins):
            raise SystemExit(f"pinned wheels missing after download: {set(pins) - set(found)}")
    return sorted(found.values())


def sync_file(src: Path, dst: Path) -> None:
    """Copy unless dst already has src's size and mtime (copy2 keeps the mtime)."""
    if dst.exists():
        s, d = src.stat(), dst.stat()
        if s.st_size == d.st_size and int(s.st_mtime) == int(d.st_mtime):
            return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def remove_others(folder: Path, keep: set[Path]) -> None:
    """Delete stale files (an older calc wheel, an upgraded pin) so they are never served."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def wheel_metadata(path: Path):
    """(METADATA, import names) of a wheel, as Pyodide's lock file wants them."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        distinfo = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        meta = Parser().parsestr(zf.read(f"{distinfo}/METADATA").decode())
        if f"{distinfo}/top_level.txt" in names:
            lines = zf.read(f"{distinfo}/top_level.txt").decode().splitlines()
            imports = [line.strip() for line in lines if line.strip()]
        else:
            tops = {n.split("/")[0] for n in names if "/" in n}
            tops = {t for t in tops if not t.endswith((".dist-info", ".data"))}
            tops |= {n[:-3] for n in names if "/" not in n and n.endswith(".py")}
            imports = sorted(t for t in tops if t.isidentifier())
    return meta, imports


def marker_env(python: str) -> dict[str, str]:
    """Environment markers as they evaluate inside Pyodide."""
    return {
        "sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
        "python_version": ".".join(python.split(".")[:2]), "python_full_version": python,
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "os_name": "posix", "extra": "",
    }


def lock_entries(wheels: dict[Path, str], python: str) -> dict[str, dict]:
    """Lock entries for `wheels` ({path: file_name relative to the lock}), with dependencies
    taken from each wheel's Requires-Dist; every dependency must be shipped too."""
    packages, metas = {}, {}
    for whl, file_name in wheels.items():
        name, version, _, _ = parse_wheel_filename(whl.name)
        meta, imports = wheel_metadata(whl)
        metas[name] = meta
        packages[name] = {
            "name": name, "version": str(version), "file_name": file_name, "install_dir": "site",
            "sha256": sha256(whl), "package_type": "package", "imports": imports,
            "depends": [], "unvendored_tests": False,
        }
    env = marker_env(python)
    for name, meta in metas.items():
        for spec in meta.get_all("Requires-Dist") or []:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            dep = canonicalize_name(req.name)
            if dep not in packages:
                raise SystemExit(f"{name} needs {dep}, which is not in requirements/wasm.txt")
            packages[name]["depends"].append(dep)
    return dict(sorted(packages.items()))


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def build_pyodide(pyodide: Path, out: Path, pinned: list[Path], calc_wheel: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    keep = set()
    for name in PYODIDE_CORE:
        sync_file(pyodide / name, out / name)
        keep.add(out / name)
    shipped = {}
    for whl in pinned:
        sync_file(whl, out / whl.name)
        keep.add(out / whl.name)
        shipped[whl] = whl.name
    # Our wheel keeps its version while its code changes, so it goes in a folder named after
    # its hash: a browser that cached an older build can then never fail the SRI check on it.
    calc_rel = f"calc-{sha256(calc_wheel)[:16]}/{calc_wheel.name}"
    sync_file(calc_wheel, out / calc_rel)
    keep.add(out / calc_rel)
    shipped[calc_wheel] = calc_rel

    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    lock["packages"] = lock_entries(shipped, lock["info"]["python"])
    write_if_changed(out / "pyodide-lock.json", json.dumps(lock, indent=1, sort_keys=True) + "\n")
    keep.add(out / "pyodide-lock.json")
    keep |= build_fastboot(pyodide.parent, out, [*pinned, calc_wheel], ROOT / "build" / "fastboot")
    remove_others(out, keep)


FASTBOOT_TOOLS = [ROOT / "tools" / "build_fastboot.mjs", ROOT / "tools" / "fastboot_build.py"]
BOOT_MODULE = ROOT / "site" / "assets" / "calc_boot.py"
SCANNED = [ROOT / "site" / "assets" / "calc_worker.py"]
BUNDLE_NAME = "lumpsum_calc_bundle-0.1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl"


def build_fastboot(node_modules: Path, out: Path, wheels: list[Path], work: Path) -> set[Path]:
    """The fast-start files in out/fast-<key>/ and out/fastboot.json; returns what it wrote."""
    pyodide = node_modules / "pyodide"
    pyscript_src = node_modules / "@pyscript" / "core" / "src" / "stdlib" / "pyscript"
    pyscript_py = sorted(pyscript_src.glob("*.py"))
    inputs = [pyodide / "python_stdlib.zip", pyodide / "pyodide.asm.wasm",
              pyodide / "pyodide.asm.mjs", *FASTBOOT_TOOLS, BOOT_MODULE, *SCANNED, *pyscript_py,
              *wheels]
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + sha256(path).encode())
    stamp = work / "inputs.sha256"
    result = work / "out"
    if not stamp.exists() or stamp.read_text() != digest.hexdigest():
        shutil.rmtree(work, ignore_errors=True)
        (work / "in" / "wheels").mkdir(parents=True)
        (work / "in" / "scan").mkdir()
        result.mkdir()
        shutil.copy2(pyodide / "python_stdlib.zip", work / "in")
        shutil.copy2(BOOT_MODULE, work / "in" / "boot.py")
        for whl in wheels:
            shutil.copy2(whl, work / "in" / "wheels")
        for src in [*pyscript_py, *SCANNED]:
            shutil.copy2(src, work / "in" / "scan" / f"{src.parent.name}-{src.name}")
        print("compiling the fast-start stdlib and bundle with Pyodide's CPython (node)")
        subprocess.run(["node", str(ROOT / "tools" / "build_fastboot.mjs"), str(pyodide),
                        str(work / "in"), str(result)], check=True)
        stamp.write_text(digest.hexdigest())

    report = json.loads((result / "report.json").read_text())
    key = hashlib.sha256()
    for path in (result / "stdlib.zip", result / "bundle.whl", pyodide / "pyodide.asm.wasm",
                 pyodide / "pyodide.asm.mjs",
                 *(result / Path(so).name for so in report["shared_libraries"])):
        key.update(sha256(path).encode())
    folder = f"fast-{key.hexdigest()[:16]}"
    stdlib, bundle = out / folder / "python_stdlib.zip", out / folder / BUNDLE_NAME
    sync_file(result / "stdlib.zip", stdlib)
    sync_file(result / "bundle.whl", bundle)
    # Pyodide's WebAssembly again, under the content-addressed folder: calc_boot.mjs compiles
    # it from the browser's HTTP cache when it is there (V8 keeps the compiled code with that
    # entry), and a name that changes with the content means an old copy is never taken for a
    # new one. pyodide/pyodide.asm.wasm stays for the standard start.
    asm_wasm = out / folder / "pyodide.asm.wasm"
    sync_file(pyodide / "pyodide.asm.wasm", asm_wasm)
    libraries, written = [], {stdlib, bundle, asm_wasm, out / "fastboot.json"}
    for path in report["shared_libraries"]:
        # served as .wasm (application/wasm), so the browser compiles it while streaming
        served = out / folder / (Path(path).name.removesuffix(".so") + ".wasm")
        sync_file(result / Path(path).name, served)
        written.add(served)
        libraries.append({"path": path, "url": f"./pyodide/{folder}/{served.name}"})
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    manifest = {
        "key": key.hexdigest()[:32],
        "stdlib": f"./pyodide/{folder}/{stdlib.name}",
        "bundle": f"./pyodide/{folder}/{bundle.name}",
        "asm_wasm": f"./pyodide/{folder}/{asm_wasm.name}",
        "full_stdlib": "./pyodide/python_stdlib.zip",
        "site_packages": "/lib/python{}.{}/site-packages".format(*report["python"].split(".")),
        "shared_libraries": libraries,
        "lock": {"info": lock["info"], "packages": {}},
    }
    write_if_changed(out / "fastboot.json", json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written


def build_pyscript(dist: Path, out: Path) -> None:
    keep = set()
    for src in dist.rglob("*"):
        if src.is_file() and src.suffix != ".map":
            dst = out / src.relative_to(dist)
            sync_file(src, dst)
            keep.add(dst)
    remove_others(out, keep)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calc-wheel", required=True, type=Path, help="our calc wheel")
    ap.add_argument("--requirements", type=Path, default=ROOT / "requirements" / "wasm.txt")
    ap.add_argument("--wheel-cache", type=Path, default=ROOT / "build" / "wasm-wheels")
    ap.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "runtime")
    args = ap.parse_args()

    pyodide = args.node_modules / "pyodide"
    if not (pyodide / "pyodide-lock.json").exists():
        raise SystemExit(f"{pyodide} is missing: run `npm ci` first")
    pinned = ensure_wheels(args.requirements, args.wheel_cache)
    build_pyodide(pyodide, args.out / "pyodide", pinned, args.calc_wheel)
    build_pyscript(args.node_modules / "@pyscript" / "core" / "dist", args.out / "pyscript")
    print(f"runtime ready in {args.out}")


if __name__ == "__main__":
    main()
