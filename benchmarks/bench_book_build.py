"""How much a book build costs beyond running the notebooks.

Measures, in one run: (a) bare execution of every notebook in the ToC with nbclient,
(b) a clean ``jb build -n -W --keep-going`` of the learner edition, (c) a no-change
rebuild (skipped by the build command: no input changed), (d) a rebuild after one
notebook's prose changed (Sphinx rebuilds that page; the JupyterLite site and the other
pages' post-processing are skipped). Prints the times and the ratios b/a, c/b and d/b
(goal for c/b: at most 0.1).

    .venv/bin/python benchmarks/bench_book_build.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks() -> list[Path]:
    """Notebooks listed in _toc.yml, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files: list[str] = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").is_file()]


def bare_execution(notebooks: list[Path]) -> float:
    start = time.perf_counter()
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def book_build(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "widgets.book.build", "--output", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the times and ratios."""
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    notebooks = toc_notebooks()
    print(f"{len(notebooks)} notebooks in the ToC")
    bare = bare_execution(notebooks)
    with tempfile.TemporaryDirectory() as tmp:
        clean = book_build(Path(tmp))
        rebuild = book_build(Path(tmp))
        page = ROOT / "intro.md"
        original = page.read_text(encoding="utf-8")
        try:
            page.write_text(original + "\n", encoding="utf-8")  # a one-line prose change
            changed = book_build(Path(tmp))
        finally:
            page.write_text(original, encoding="utf-8")
    print(f"bare nbclient execution : {bare:6.1f} s")
    print(f"clean book build        : {clean:6.1f} s  ratio to bare {clean / bare:4.2f}")
    print(f"no-change rebuild       : {rebuild:6.1f} s  ratio to clean {rebuild / clean:5.3f}"
          f"  (goal <= 0.1)")
    print(f"one page changed        : {changed:6.1f} s  ratio to clean {changed / clean:5.3f}")


if __name__ == "__main__":
    main()
