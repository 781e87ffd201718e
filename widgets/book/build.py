"""The two editions of the book, each one command.

``python -m widgets.book.build`` builds the learner edition into ``_build/html``:
solutions hidden, facilitator pages left out.  ``python -m widgets.book.build --trainer``
builds the trainer edition into ``_build/trainer/_build/html``: solutions shown, and a
"Trainer's kit" part with every module's ``facilitator.md`` and the pages under
``curriculum/trainer/``.  Both run ``jb build -n -W --keep-going`` (a warning fails).
``python -m widgets.book.build --scorm`` builds the learner edition, then its SCORM 1.2
packages for an LMS: ``_build/scorm/<module id>.zip`` and ``_build/scorm/course.zip``
(:mod:`widgets.book.scorm`).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAINER_TITLE_SUFFIX = " (trainer edition)"
STAMP = ".iop-build-inputs"
"""File in ``_build/`` holding the fingerprint of the inputs of the last clean build."""
INPUTS = ("_config.yml", "_toc.yml", "intro.md", "bibliography.md", "references.bib",
          "package-lock.json", "requirements.txt", "curriculum", "widgets")
"""What a build reads: the book's files, its content and the package that renders it."""
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", "_build", ".jupyter_cache"}


def _input_files(root: Path) -> Iterator[Path]:
    for name in INPUTS:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and not _SKIP_PARTS.intersection(file.parts):
                    yield file


def input_fingerprint(root: Path, *extra: str) -> str:
    """A digest of every input file's path and bytes (and of ``extra`` words, such as the
    edition): the same inputs give the same digest, any change another."""
    digest = hashlib.sha256("\0".join(extra).encode())
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def trainer_pages(root: Path = ROOT) -> list[str]:
    """Pages only the trainer edition has, as ToC file entries (no suffix)."""
    pages = [p for p in sorted((root / "curriculum").glob("*/facilitator.md"))]
    trainer_dir = root / "curriculum" / "trainer"
    if trainer_dir.is_dir():
        pages += sorted(p for p in trainer_dir.iterdir() if p.suffix in (".md", ".ipynb"))
    return [str(p.relative_to(root).with_suffix("")) for p in pages]


def trainer_config(root: Path, out: Path) -> tuple[Path, Path]:
    """Write the trainer edition's config and ToC into ``out``; return their paths."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = config["title"] + TRAINER_TITLE_SUFFIX
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = False
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = trainer_pages(root)
    if pages:
        kit = {"caption": "Trainer's kit", "chapters": [{"file": p} for p in pages]}
        toc["parts"].insert(len(toc["parts"]) - 1, kit)
    out.mkdir(parents=True, exist_ok=True)
    config_path, toc_path = out / "_config.yml", out / "_toc.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return config_path, toc_path


def build_command(*, trainer: bool, output: Path | None = None,
                  root: Path = ROOT) -> tuple[list[str], Path]:
    """The ``jb build`` command line for one edition and the HTML folder it produces."""
    jb = str(Path(sys.executable).with_name("jb"))
    cmd = [jb, "build", str(root), "-n", "-W", "--keep-going"]
    if trainer:
        out = output or root / "_build" / "trainer"
        config, toc = trainer_config(root, out)
        cmd += ["--config", str(config), "--toc", str(toc)]
    else:
        out = output or root
    cmd += ["--path-output", str(out)]
    return cmd, out / "_build" / "html"


def main(argv: Sequence[str] | None = None) -> int:
    """Build one edition and say where to open it."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainer", action="store_true",
                        help="build the trainer edition (solutions, facilitator pages)")
    parser.add_argument("--scorm", action="store_true",
                        help="also write SCORM 1.2 packages of the learner edition into "
                             "_build/scorm/ (one per module, and course.zip)")
    parser.add_argument("--output", type=Path, help="folder for _build/ (default: the repo)")
    parser.add_argument("--force", action="store_true",
                        help="build even when no input changed since the last build")
    args = parser.parse_args(argv)
    if args.scorm and args.trainer:
        parser.error("--scorm packages the learner edition; leave out --trainer")
    cmd, html = build_command(trainer=args.trainer, output=args.output)
    edition = "trainer" if args.trainer else "learner"
    stamp = html.parent / STAMP
    fingerprint = input_fingerprint(ROOT, edition, *cmd[1:])
    if (not args.force and (html / "index.html").is_file() and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == fingerprint):
        print(f"The {edition} edition is up to date (no input changed since it was built): "
              f"{html / 'index.html'}")
    else:
        stamp.unlink(missing_ok=True)
        done = subprocess.run(cmd, cwd=ROOT, check=False)
        if done.returncode != 0:
            print("The book did not build cleanly (warnings count as errors); see above.",
                  file=sys.stderr)
            return done.returncode
        stamp.write_text(fingerprint + "\n", encoding="utf-8")
        print(f"\nThe {edition} edition is built. Open it in a browser:\n"
              f"  file://{(html / 'index.html').resolve()}\n"
              f"or serve it: python3 -m http.server -d {html} 8000  (then http://127.0.0.1:8000)\n"
              f"To work through the notebooks in JupyterLab:\n"
              f"  bash scripts/lab.sh")
    if args.scorm:
        return _package(html, (args.output or ROOT) / "_build" / "scorm")
    return 0


def course_title(root: Path = ROOT) -> str:
    """The book's title (``_config.yml``): the course package's title in an LMS."""
    return str(yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["title"])


def _package(html: Path, out: Path) -> int:
    """Write the SCORM packages of a built learner edition and say where they are."""
    from widgets.book.scorm import build_packages

    try:
        packages = build_packages(html, out, course_title=course_title())
    except ValueError as exc:
        print(f"The SCORM packages could not be made: {exc}", file=sys.stderr)
        return 1
    print(f"\nSCORM 1.2 packages for an LMS ({len(packages)}), in {out}:")
    for package in packages:
        size = package.path.stat().st_size / 1e6
        print(f"  {package.path.name:<12} {size:5.1f} MB  "
              f"{', '.join(s.identifier for s in package.scos)}")
    print("Import one into your LMS as a SCORM 1.2 package (README: For training directors).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
