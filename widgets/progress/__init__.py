"""Learner records: an embedded SQLite store that loses nothing, and who records into it.

- :mod:`widgets.progress.store`: :class:`ProgressStore` (one committed transaction per
  answer, safe with several kernels and killed ones), exports and imports;
- :mod:`widgets.progress.learner`: who is recording (it follows the learner into every
  notebook), :func:`record_simulation` and :class:`SaveStatus`;
- :mod:`widgets.progress.certificate`: the certificate of completion;
- :mod:`widgets.progress.view`: the learner's progress page and a module's recording banner.
"""

from widgets.progress.learner import (
    Recorder,
    SaveStatus,
    current_learner,
    record_answer,
    record_simulation,
    recording,
    session_recorder,
    set_learner,
)
from widgets.progress.store import (
    EXPORT_FORMAT,
    SCHEMA_VERSION,
    ModuleSummary,
    ProgressStore,
    ProgressStoreError,
    Record,
    default_path,
    knowledge_check_catalog,
    parse_export,
)

__all__ = [
    "EXPORT_FORMAT",
    "SCHEMA_VERSION",
    "ModuleSummary",
    "ProgressStore",
    "ProgressStoreError",
    "Record",
    "Recorder",
    "SaveStatus",
    "current_learner",
    "default_path",
    "knowledge_check_catalog",
    "parse_export",
    "record_answer",
    "record_simulation",
    "recording",
    "session_recorder",
    "set_learner",
]
