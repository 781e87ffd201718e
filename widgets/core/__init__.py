"""What every topic shares: content loading and schemas, the module registry, the
rendering layer (templates, tables, charts, PDF), exercise results and scoring, and the
shared ipywidgets helpers (:mod:`widgets.core.view`).  The core knows no topic."""
