"""Content as data: the loader's public path and its command line.

The loader lives in :mod:`widgets.core.content`; this module keeps the path that notebooks,
tests and the command line have always used::

    python -m widgets.content check [PATH ...]
"""

from __future__ import annotations

import sys

from widgets.core.content import *  # noqa: F403 - this module is the loader's public path
from widgets.core.content import __all__, kinds, load_kind, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
