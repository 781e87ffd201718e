"""The Python package behind the IOP staff-training curriculum.

``widgets.core`` holds what every topic shares (content loading, the module registry, the
rendering layer, charts); each topic (``widgets.level_of_care``, ``widgets.withdrawal``
...) is one folder with a pure model, its rendering, its exercise checker and its view.
Only views import ipywidgets.  This package root imports nothing heavy, so importing a
pure module stays pure.
"""

__version__ = "0.1.0"
