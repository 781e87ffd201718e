"""Start a new module from ``curriculum/_template``: the recipe, as one command.

``python -m widgets.book.new_module NUMBER SLUG "TITLE"`` copies the template to
``curriculum/NN_slug/``, fills in the number, id (``mNN``), slug and title, and names the
notebook ``NN_slug.ipynb``.  Then (CONTRIBUTING.md, "Adding a module"): write the
objectives and the knowledge check, the teaching, and the facilitator guide; add the
notebook to ``_toc.yml``; run ``python -m widgets.content check`` and nbval on it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from widgets.core.content import content_root

__all__ = ["TEMPLATE", "new_module"]

TEMPLATE = "_template"
_SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def new_module(number: int, slug: str, title: str, root: Path | None = None) -> Path:
    """Copy the template into ``curriculum/NN_slug`` and fill it in; returns the folder.

    Raises
    ------
    ValueError
        When the number is not 1-99, the slug is not snake_case, the title is empty or
        longer than 80 characters, or the folder or module number is taken.
    """
    root = root or content_root()
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
        raise ValueError(f"number must be a whole number from 1 to 99; got {number!r}")
    if not _SLUG.match(slug):
        raise ValueError(f"slug must be lower-case words joined by '_', e.g. 'harm_reduction';"
                         f" got {slug!r}")
    title = " ".join(title.split())
    if not title or len(title) > 80:
        raise ValueError(f"title must be 1 to 80 characters; got {len(title)}")
    curriculum = root / "curriculum"
    taken = sorted(p.name for p in curriculum.glob(f"{number:02d}_*"))
    if taken:
        raise ValueError(f"module number {number} is taken by curriculum/{taken[0]}")
    folder = curriculum / f"{number:02d}_{slug}"
    shutil.copytree(curriculum / TEMPLATE, folder)
    fill = {"__NN__": f"{number:02d}", "__NUMBER__": str(number), "__ID__": f"m{number:02d}",
            "__SLUG__": slug, "__TITLE__": title}
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for token, value in fill.items():
                text = text.replace(token, value)
            path.write_text(text, encoding="utf-8")
        name = path.name
        for token, value in fill.items():
            name = name.replace(token, value)
        if name != path.name:
            path.rename(path.with_name(name))
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m widgets.book.new_module NUMBER SLUG TITLE``."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.new_module",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("number", type=int, help="the module's number, e.g. 7")
    parser.add_argument("slug", help="its folder name after the number, e.g. harm_reduction")
    parser.add_argument("title", help='its title, e.g. "Harm reduction"')
    args = parser.parse_args(argv)
    try:
        folder = new_module(args.number, args.slug, args.title)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    notebook = next(folder.glob("*.ipynb"))
    print(f"created {folder.relative_to(content_root())}/. Next: write module.yaml's "
          f"objectives and the knowledge check, teach in {notebook.name}, add "
          f"{notebook.relative_to(content_root()).with_suffix('')} to _toc.yml, then run "
          f"`python -m widgets.content check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
