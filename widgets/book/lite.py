"""The book's JupyterLite site: every ToC notebook, runnable in the browser (Pyodide).

``python -m widgets.book.lite build [--output DIR]`` builds a static JupyterLite site
(jupyterlite-core + jupyterlite-pyodide-kernel, pinned in ``requirements.txt``) into
``DIR`` (default ``_build/html/lite``, beside the published book, which links to it).
The site holds:

- every notebook of ``_toc.yml``, each with one extra hidden first cell that installs the
  curriculum's package into the in-browser Python (``%pip install iop-widgets``) and with
  the Pyodide kernel selected;
- every YAML file under ``curriculum/`` and ``exercises/`` (content, and the exercise
  starters and worked solutions that exercise checks open) and ``references.bib``; the
  notebooks find them through :func:`widgets.core.content.content_root`, walking up from the
  notebook's folder;
- the ``widgets`` package as a pure-Python wheel built from this checkout (no network, no
  build backend), indexed by piplite, so ``%pip`` finds it in the site itself.

What still needs the network when a reader runs a page (said on every book page by
:mod:`widgets.book.launch`): the Pyodide runtime and its compiled packages (numpy,
matplotlib, pydantic-core, PyYAML) come from the Pyodide CDN; ipywidgets, fpdf2 and their
pure-Python dependencies come from PyPI.  The runtime alone is on npm, but the compiled
packages are published only on the Pyodide CDN (not on PyPI or npm), so vendoring the
runtime would not make the site work offline.  Building the site needs no network.
"""

from __future__ import annotations

import argparse
import base64
import copy
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: where the site goes inside the book's HTML folder (the launch links point there)
LITE_DIR = "lite"
#: the distribution name of this repository's package (``pyproject.toml``)
DIST_NAME = "iop-widgets"
#: what the package needs at run time in Pyodide; the Pyodide lock file provides numpy,
#: matplotlib, pydantic, PyYAML and platformdirs, PyPI the rest (pure wheels)
RUNTIME_REQUIRES = ("ipywidgets>=8.1,<9", "matplotlib", "numpy", "pydantic>=2", "PyYAML",
                    "platformdirs", "fpdf2")
#: the JupyterLite apps the site ships (the launch link opens ``notebooks``)
APPS = ("lab", "notebooks", "tree")
#: federated extensions taken from this environment; others (e.g. Voila's preview) are
#: left out because they do nothing in JupyterLite
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)",
                      "language": "python"}
SETUP_CELL_ID = "iop-lite-setup"
SETUP_SOURCE = (
    "# JupyterLite only: install the curriculum's Python package into this browser tab.\n"
    "# It is shipped with this site; its dependencies come from Pyodide's CDN and PyPI.\n"
    f"%pip install -q {DIST_NAME}\n"
)
#: what a reader needs the network for, in one line (shown on every notebook page)
NETWORK_NOTE = ("JupyterLite downloads the Python runtime (Pyodide) and its packages from "
                "cdn.jsdelivr.net and ipywidgets from PyPI on first use; Binder runs on "
                "mybinder.org. The rest of this page works offline.")


# ------------------------------------------------------------------- what goes in


def toc_files(toc: dict) -> list[str]:
    """Every ``file:`` entry of a jupyter-book ToC (root first), in ToC order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                found.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key) or []:
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    if isinstance(toc.get("root"), str):
        found.append(toc["root"])
    walk(toc)
    return found


def toc_notebooks(root: Path = ROOT, toc_path: Path | None = None) -> list[Path]:
    """The notebooks of the ToC, relative to ``root`` (entries without a suffix resolved)."""
    toc = yaml.safe_load((toc_path or root / "_toc.yml").read_text(encoding="utf-8"))
    notebooks = []
    for entry in toc_files(toc):
        path = Path(entry)
        candidate = path if path.suffix == ".ipynb" else path.with_suffix(".ipynb")
        if path.suffix in ("", ".ipynb") and (root / candidate).is_file():
            notebooks.append(candidate)
    return notebooks


def content_files(root: Path = ROOT) -> list[Path]:
    """Every YAML file of the content folders, and the bib.

    That is what :class:`widgets.core.content.ContentIndex` reads, plus the ``_``-prefixed
    exercise starters it skips but exercise checks open (e.g. Module 3's scenario starter).
    Folders starting with ``.`` (checkpoints) are left out.
    """
    from widgets.core.content import CONTENT_DIRS, YAML_SUFFIXES

    files = []
    for folder in (root / d for d in CONTENT_DIRS if (root / d).is_dir()):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(root)
            if (path.is_file() and path.suffix in YAML_SUFFIXES
                    and not any(p.startswith(".") for p in rel.parts)):
                files.append(rel)
    if (root / "references.bib").is_file():
        files.append(Path("references.bib"))
    return files


ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".csv")


def notebook_assets(root: Path, notebooks: Iterable[Path]) -> list[Path]:
    """Images and data files in the notebooks' own folders (markdown may link them)."""
    found: set[Path] = set()
    for nb in notebooks:
        for path in (root / nb).parent.rglob("*"):
            rel = path.relative_to(root)
            if (path.is_file() and path.suffix.lower() in ASSET_SUFFIXES
                    and not any(p.startswith((".", "_")) for p in rel.parts)):
                found.add(rel)
    return sorted(found)


def lite_notebook(source: dict) -> dict:
    """A copy of a notebook for JupyterLite: Pyodide kernel, and the install cell first."""
    nb = copy.deepcopy(source)
    nb.setdefault("metadata", {})["kernelspec"] = dict(PYODIDE_KERNELSPEC)
    nb["metadata"].setdefault("language_info", {})["name"] = "python"
    cells = [c for c in nb.get("cells", []) if c.get("id") != SETUP_CELL_ID]
    setup = {"cell_type": "code", "execution_count": None, "id": SETUP_CELL_ID,
             "metadata": {"jupyter": {"source_hidden": True},
                          "tags": ["remove-input", "iop-lite-setup"]},
             "outputs": [], "source": SETUP_SOURCE.splitlines(keepends=True)}
    first_code = next((i for i, c in enumerate(cells) if c.get("cell_type") == "code"),
                      len(cells))
    cells.insert(first_code, setup)
    nb["cells"] = cells
    nb["nbformat"], nb["nbformat_minor"] = 4, max(5, nb.get("nbformat_minor", 5))
    return nb


# ------------------------------------------------------------------------- the wheel


def _project(root: Path) -> dict:
    import tomllib

    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def build_wheel(out_dir: Path, root: Path = ROOT) -> Path:
    """Build ``iop_widgets-<version>-py3-none-any.whl`` from the checkout, reproducibly.

    A pure-Python wheel is a zip of the package plus ``.dist-info``; writing it directly
    needs no build backend and no network (setuptools' isolated build would fetch one).
    It carries what ``pyproject.toml`` packages (``widgets/**/*.py``, ``py.typed``,
    ``book/templates``) and declares :data:`RUNTIME_REQUIRES` for Pyodide's resolver.
    """
    project = _project(root)
    name, version = project["name"], project["version"]
    stem = f"{name.replace('-', '_')}-{version}"
    dist_info = f"{stem}.dist-info"
    pkg = root / "widgets"
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and (p.suffix == ".py" or p.name == "py.typed"
                        or "templates" in p.relative_to(pkg).parts))
    metadata = "\n".join([
        "Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3.11')}",
        *[f"Requires-Dist: {req}" for req in RUNTIME_REQUIRES], "", ""])
    wheel_meta = ("Wheel-Version: 1.0\nGenerator: widgets.book.lite\nRoot-Is-Purelib: true\n"
                  "Tag: py3-none-any\n\n")
    entries = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in files]
    entries += [(f"{dist_info}/METADATA", metadata.encode()),
                (f"{dist_info}/WHEEL", wheel_meta.encode()),
                (f"{dist_info}/top_level.txt", b"widgets\n")]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for arcname, data in entries:
        writer.writerow([arcname, _record_hash(data), len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    entries.append((f"{dist_info}/RECORD", record.getvalue().encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
    return target


# ------------------------------------------------------------------------ the build


def stage(work: Path, notebooks: Sequence[Path], root: Path = ROOT) -> dict[str, list]:
    """Lay out a JupyterLite project in ``work``: contents, wheel, config."""
    if not notebooks:
        raise ValueError("no notebooks to put in the JupyterLite site")
    contents = work / "contents"
    for rel in [*content_files(root), *notebook_assets(root, notebooks)]:
        (contents / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, contents / rel)
    for rel in notebooks:
        nb = json.loads((root / rel).read_text(encoding="utf-8"))
        (contents / rel).parent.mkdir(parents=True, exist_ok=True)
        (contents / rel).write_text(json.dumps(lite_notebook(nb), indent=1,
                                               ensure_ascii=False) + "\n", encoding="utf-8")
    wheel = build_wheel(work / "lite" / "pypi", root)
    prefix = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    config = {
        "LiteBuildConfig": {
            "apps": list(APPS),
            "contents": [str(contents)],
            "ignore_sys_prefix": True,
            "federated_extensions": [str(prefix / ext) for ext in EXTENSIONS
                                     if (prefix / ext).is_dir()],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        },
    }
    (work / "lite" / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2),
                                                           encoding="utf-8")
    (work / "lite" / "jupyter-lite.json").write_text(json.dumps({
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {"appName": "IOP Staff Training Curriculum (live)",
                                "defaultKernelName": "python",
                                "disabledExtensions": []}}, indent=2), encoding="utf-8")
    return {"notebooks": notebooks, "wheel": [wheel]}


def build(output: Path, root: Path = ROOT, notebooks: Sequence[Path] | None = None,
          quiet: bool = True) -> dict[str, list]:
    """Build the JupyterLite site into ``output`` (replaced); return what it holds.

    ``notebooks`` (relative to ``root``) default to those of ``root/_toc.yml``.
    """
    output = output.resolve()
    notebooks = list(toc_notebooks(root) if notebooks is None else notebooks)
    jupyter = Path(sys.executable).with_name("jupyter")
    with tempfile.TemporaryDirectory(prefix="iop-lite-") as tmp:
        work = Path(tmp)
        staged = stage(work, notebooks, root)
        if output.exists():
            shutil.rmtree(output)
        cmd = [str(jupyter), "lite", "build", "--lite-dir", str(work / "lite"),
               "--output-dir", str(output)]
        env = {**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"}
        env.pop("JUPYTERLITE_PYODIDE_URL", None)  # the default CDN, unless configured here
        done = subprocess.run(cmd, cwd=work / "lite", env=env, check=False,
                              capture_output=quiet, text=True)
        if done.returncode != 0:
            log = (done.stdout or "") + (done.stderr or "") if quiet else ""
            raise RuntimeError(f"jupyter lite build failed ({done.returncode}):\n{log[-4000:]}")
    write_launch_page(output)
    return staged


LAUNCH_PAGE = "launch.html"
"""The site's entry for a notebook: it checks the runtime can be downloaded first, and
says so plainly when it cannot (instead of a kernel that never starts)."""


def pyodide_url() -> str:
    """Where the Pyodide kernel downloads its runtime from (the pinned version's CDN)."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_CDN_URL

    return os.environ.get("JUPYTERLITE_PYODIDE_URL") or PYODIDE_CDN_URL


def write_launch_page(output: Path, timeout_ms: int = 8000) -> Path:
    """Write ``launch.html`` into a built site (see :data:`LAUNCH_PAGE`)."""
    from urllib.parse import urlparse

    from widgets.core.render import render

    probe = pyodide_url().rstrip("/") + "/pyodide.mjs"
    page = render("book/lite_launch.html.j2", probe=probe, host=urlparse(probe).hostname,
                  timeout_ms=timeout_ms)
    target = output / LAUNCH_PAGE
    target.write_text(str(page) + "\n", encoding="utf-8")
    return target


def lite_url(notebook: str | Path, app: str = "notebooks") -> str:
    """The site-relative URL that opens one notebook (``curriculum/.../x.ipynb``), through
    the launch page that first checks the runtime can be downloaded."""
    path = Path(notebook).with_suffix(".ipynb").as_posix()
    return f"{LITE_DIR}/{LAUNCH_PAGE}?app={app}&path={path}"


def check_site(output: Path, notebooks: Iterable[Path]) -> list[str]:
    """What is missing from a built site (empty when it holds every notebook and the wheel)."""
    problems = []
    for rel in notebooks:
        if not (output / "files" / rel).is_file():
            problems.append(f"notebook missing: files/{Path(rel).as_posix()}")
    wheels = list((output / "pypi").glob("iop_widgets-*-py3-none-any.whl"))
    if not wheels:
        problems.append("the widgets wheel is missing from pypi/")
    index = output / "pypi" / "all.json"
    if not index.is_file() or DIST_NAME not in json.loads(index.read_text()):
        problems.append(f"pypi/all.json does not index {DIST_NAME}")
    if not (output / LAUNCH_PAGE).is_file():
        problems.append(f"the launch page {LAUNCH_PAGE} is missing")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m widgets.book.lite build [--output DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.lite",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the JupyterLite site")
    b.add_argument("--output", type=Path, default=ROOT / "_build" / "html" / LITE_DIR,
                   help="folder for the site (default: _build/html/lite, beside the book)")
    b.add_argument("--verbose", action="store_true", help="show jupyter lite's output")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    staged = build(args.output, quiet=not args.verbose)
    problems = check_site(args.output, staged["notebooks"])
    for problem in problems:
        print(f"lite: {problem}", file=sys.stderr)
    took = time.perf_counter() - start
    print(f"JupyterLite site with {len(staged['notebooks'])} notebook(s) and "
          f"{staged['wheel'][0].name} built in {took:.1f} s:\n  {args.output.resolve()}\n"
          f"Serve the book (python3 -m http.server -d _build/html 8000) and open "
          f"http://127.0.0.1:8000/{lite_url(staged['notebooks'][0])}\n{NETWORK_NOTE}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
