"""Build the fast-boot runtime files. Runs INSIDE Pyodide's own CPython (tools/build_fastboot.mjs,
under Node), so every .pyc has the magic number of the interpreter that will load it.

Reads from /host/in (mounted from the host):
    python_stdlib.zip   Pyodide's stock standard library (.py sources)
    wheels/*.whl        the browser wheels (pydantic, pydantic-core, ..., calc)
    scan/*.py           Python that PyScript and our worker run (only their imports are read)
    boot.py             the boot module shipped in the bundle (site/assets/calc_boot.py)
Writes to /host/out:
    stdlib.zip          the standard library trimmed to what is imported, as sourceless .pyc
    bundle.whl          one wheel with everything site-packages needs: .pyc and data files
    *.so                the shared libraries (pydantic_core), kept out of the wheel
    report.json         what was kept, what was left out, sizes

Which stdlib modules are kept: everything in sys.modules after Pyodide's start-up, after
importing calc and computing a varied set of claims (valid and invalid, every language), after
importing every stdlib module that PyScript's own Python and our worker import, plus SAFETY.
A module left out is still importable in the browser: calc_boot.py installs a finder that
fetches the stock python_stdlib.zip once, synchronously, when one of them is first imported.
"""

import ast
import hashlib
import importlib
import importlib.util
import io
import json
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

IN, OUT = "/host/in", "/host/out"
SITE = "/lib/python3.14/site-packages"
STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
# Kept even if the probe does not import them: cheap, and plausible on rarely taken paths.
SAFETY = [
    "traceback", "linecache", "tokenize", "token", "warnings", "_strptime", "calendar",
    "locale", "decimal", "fractions", "numbers", "string", "textwrap", "pprint",
    "copy", "dataclasses", "enum", "functools", "operator", "keyword", "reprlib", "weakref",
    "json", "json.decoder", "json.encoder", "json.scanner", "datetime", "_pydatetime",
    "zoneinfo", "zoneinfo._common", "zoneinfo._tzpath", "uuid", "base64",
    "binascii", "struct", "ipaddress", "email", "email.utils", "urllib", "urllib.parse", "tomllib",
    "tomllib._parser", "tomllib._re", "tomllib._types", "importlib.metadata",
    "importlib.resources", "importlib.resources.abc", "importlib.resources.readers",
    "importlib.resources._common", "importlib.resources._adapters",
    "importlib.resources._itertools",
    "importlib.resources._functional", "annotationlib", "contextvars", "colorsys", "html",
    "html.entities", "random", "bisect", "heapq", "statistics", "unicodedata", "codecs",
    "encodings.utf_8", "encodings.utf_8_sig", "encodings.cp932", "encodings.shift_jis",
    "encodings.ascii", "encodings.latin_1", "encodings.idna", "encodings.aliases",
]


def pyc(source: bytes, filename: str) -> bytes:
    """A sourceless, unchecked hash-based .pyc: the loader never looks for the .py."""
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def unpack_wheels() -> list[tuple[str, bytes]]:
    files = []
    for name in sorted(os.listdir(f"{IN}/wheels")):
        with zipfile.ZipFile(f"{IN}/wheels/{name}") as whl:
            for info in whl.infolist():
                if info.is_dir():
                    continue
                data = whl.read(info)
                files.append((info.filename, data))
                target = f"{SITE}/{info.filename}"
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
    with open(f"{IN}/boot.py", "rb") as f:
        boot = f.read()
    files.append(("calc_boot.py", boot))
    with open(f"{SITE}/calc_boot.py", "wb") as f:
        f.write(boot)
    importlib.invalidate_caches()
    return files


def scanned_imports() -> set[str]:
    names = set()
    for name in sorted(os.listdir(f"{IN}/scan")):
        with open(f"{IN}/scan/{name}", "rb") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return {n for n in names if n.partition(".")[0] in sys.stdlib_module_names}


def probe() -> None:
    """Exercise the engine as the page does: every language, valid and invalid claims."""
    import calc_boot

    calc_boot.exercise()


#: python-stdnum holds ~200 number formats and 1.6 MB of data; the claim kit uses its IBAN and
#: BIC checks. The bundle keeps the modules the probe imported (and every country's IBAN
#: check, which stdnum.iban imports on demand) and the data files those read.
PRUNED = {"stdnum": ("iban.dat", "banks.dat")}


def country_iban_modules() -> None:
    """Import every ``stdnum.<cc>.iban``: stdnum.iban looks them up only for IBANs of their
    country, which the probe may not have met."""
    import glob

    for path in sorted(glob.glob(f"{SITE}/stdnum/*/iban.py")):
        name = path.removeprefix(f"{SITE}/").removesuffix(".py").replace("/", ".")
        importlib.import_module(name)


def kept_in_bundle(name: str, modules: set[str]) -> bool:
    """Whether a file of a pruned package goes into the bundle."""
    top = name.split("/", 1)[0]
    if top not in PRUNED:
        return True
    if name.endswith(".py"):
        module = name[:-3].removesuffix("/__init__").replace("/", ".")
        return module in modules
    if name.endswith(PRUNED[top]):
        folder = name.rsplit("/", 1)[0].replace("/", ".")
        return folder in modules
    return False


def stdlib_files(modules: set[str], names: set[str]) -> set[str]:
    """Zip member names of the stdlib modules in `modules` (packages: their __init__)."""
    keep = set()
    for mod in modules:
        base = mod.replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            if candidate in names:
                keep.add(candidate)
    return keep


def main() -> None:
    wheel_files = unpack_wheels()
    sys.path.insert(0, SITE) if SITE not in sys.path else None
    at_start = set(sys.modules)
    for name in sorted(scanned_imports()):
        try:
            importlib.import_module(name)
        except Exception as error:
            print(f"  (scan) {name}: {type(error).__name__}: {error}")
    for name in SAFETY:
        try:
            importlib.import_module(name)
        except Exception as error:
            print(f"  (safety) {name}: {type(error).__name__}: {error}")
    probe()
    country_iban_modules()
    modules = set(sys.modules)

    # 1. stdlib: the modules in use, as .pyc; each package's parents too
    with zipfile.ZipFile(f"{IN}/python_stdlib.zip") as stock:
        infos = {i.filename: i for i in stock.infolist()}
        sources = {n for n in infos if n.endswith(".py")}
        used = stdlib_files(modules, sources)
        for name in list(used):  # parent packages of every kept module
            parts = name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                init = "/".join(parts[:i]) + "/__init__.py"
                if init in sources:
                    used.add(init)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
            for name in sorted(infos):
                if name.endswith("/") or (name.endswith(".py") and name not in used):
                    continue  # zipimport needs no directory entries
                data = stock.read(infos[name])
                if name.endswith(".py"):
                    name, data = name[:-3] + ".pyc", pyc(data, f"{STDLIB}/{name}")
                out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
        stdlib_zip = buf.getvalue()
        left_out = sorted(n[:-3].removesuffix("/__init__").replace("/", ".")
                          for n in sources - used)

    # 2. the bundle: one wheel for site-packages, .py compiled, everything else as is
    buf = io.BytesIO()
    record = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for name, data in wheel_files:
            if name.endswith(".dist-info/RECORD") or not kept_in_bundle(name, modules):
                continue
            if name.endswith(".so"):
                # served apart, so the browser can compile it while streaming and keep the
                # compiled code; the wheel holds an empty file at its path, for the import
                # system to find (calc_boot.mjs has loaded the library by then)
                with open(f"{OUT}/{os.path.basename(name)}", "wb") as f:
                    f.write(data)
                data = b""
            elif name.endswith(".py"):
                name, data = name[:-3] + ".pyc", pyc(data, f"{SITE}/{name}")
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
            record.append(name)
        # the stdlib modules left out, for calc_boot's fallback finder
        out.writestr(zipfile.ZipInfo("calc_boot_stdlib.json", (1980, 1, 1, 0, 0, 0)),
                     json.dumps(left_out))
        record.append("calc_boot_stdlib.json")
        # the bundle's own dist-info: a valid wheel that pip or micropip could install too
        dist = "lumpsum_calc_bundle-0.1.0.dist-info"
        meta = {
            f"{dist}/METADATA": "Metadata-Version: 2.1\nName: lumpsum-calc-bundle\nVersion: 0.1.0\n"
            "Summary: calc and its dependencies, precompiled for Pyodide 314 (CPython 3.14)\n",
            f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: tools/fastboot_build.py\n"
            "Root-Is-Purelib: false\nTag: cp314-cp314-pyemscripten_2026_0_wasm32\n",
        }
        for name, text in meta.items():
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text)
            record.append(name)
        lines = []
        for name in record:
            lines.append(f"{name},,")
        lines.append(f"{dist}/RECORD,,")
        out.writestr(zipfile.ZipInfo(f"{dist}/RECORD", (1980, 1, 1, 0, 0, 0)),
                     "\n".join(lines) + "\n")
    bundle = buf.getvalue()

    sos = [name for name, _ in wheel_files if name.endswith(".so")]
    with open(f"{OUT}/stdlib.zip", "wb") as f:
        f.write(stdlib_zip)
    with open(f"{OUT}/bundle.whl", "wb") as f:
        f.write(bundle)
    report = {
        "python": sys.version.split()[0],
        "stdlib_kept": len(used), "stdlib_left_out": left_out,
        "new_modules": len(modules - at_start), "shared_libraries": sos,
        "sha256": {
            "stdlib.zip": hashlib.sha256(stdlib_zip).hexdigest(),
            "bundle.whl": hashlib.sha256(bundle).hexdigest(),
        },
    }
    with open(f"{OUT}/report.json", "w") as f:
        json.dump(report, f, indent=1)
    print(f"  stdlib: {len(used)} of {len(sources)} modules kept ({len(stdlib_zip):,} bytes); "
          f"bundle: {len(record)} files ({len(bundle):,} bytes)")


main()
