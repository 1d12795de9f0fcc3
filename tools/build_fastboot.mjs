// Runs tools/fastboot_build.py inside Pyodide's own CPython (Node), so the .pyc files it writes
// carry the magic number of the interpreter that loads them in the browser.
//
//   node tools/build_fastboot.mjs <pyodide dir> <input dir> <output dir>
//
// <input dir> holds python_stdlib.zip, wheels/, scan/ and boot.py (see fastboot_build.py);
// tools/build_runtime.py prepares it and calls this script.
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [pyodideDir, inDir, outDir] = process.argv.slice(2).map((p) => resolve(p));
if (!outDir) {
  console.error("usage: node tools/build_fastboot.mjs <pyodide dir> <input dir> <output dir>");
  process.exit(2);
}
const py = await loadPyodide({ indexURL: pyodideDir + "/" });
for (const [dir, mount] of [[inDir, "/host/in"], [outDir, "/host/out"]]) {
  py.FS.mkdirTree(mount);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, mount);
}
const script = new URL("./fastboot_build.py", import.meta.url);
py.runPython(readFileSync(script, "utf8"), { filename: script.pathname });
