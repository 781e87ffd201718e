"""The Python package behind the IOP staff-training curriculum.

Pure domain modules (``widgets.schedule``, ``widgets.quiz``, ``widgets.content`` ...)
never import ipywidgets; the views in :mod:`widgets.views` are thin layers on top.
This package root imports nothing heavy, so importing a pure module stays pure.
"""

__version__ = "0.1.0"
