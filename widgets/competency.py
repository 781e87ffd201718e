"""The competency map's command line, at the path it has always had.

The coverage page and its data moved to :mod:`widgets.trainer` (``render`` and
``content``); this module keeps the command line working::

    python -m widgets.competency check       # validate the map against the curriculum
    python -m widgets.competency coverage    # print the coverage page as MyST Markdown
"""

from __future__ import annotations

import sys

from widgets.trainer.render import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
