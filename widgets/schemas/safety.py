"""Registers Module 6's content kinds, defined in :mod:`widgets.safety.schemas`.

Until the topic folders land (architecture issue 13), :func:`widgets.content.kinds`
finds schemas only in this package; this module brings the safety topic's kinds in.
"""

from widgets.safety.schemas import *  # noqa: F403 - registering the kinds is the point
