"""Module 1, IOP in the continuum of care: a client's week of service blocks, its hours and
the level of care its intensity matches, and the continuum of care itself.

- :mod:`~widgets.continuum.schemas`: ``kind: schedule-builder`` (services, an illustrative
  program's policy, wording, fictional example weeks), in
  ``curriculum/01_continuum/schedule-builder.yaml``;
- :mod:`~widgets.continuum.model`: the pure model (blocks, weeks, hours to level of care);
- :mod:`~widgets.continuum.content`: the model with the curriculum's data bound
  (``classify_hours(9.5)``), re-exported here;
- :mod:`~widgets.continuum.render`: calendar, tables and the continuum figure;
- :mod:`~widgets.continuum.checker`: the exercise checker ``check_m01_week``;
- :mod:`~widgets.continuum.view`: the ``ScheduleBuilder`` widget.
"""

from widgets.continuum.content import (
    assess,
    assess_week,
    build_week,
    classify_hours,
    continuum,
    example_week,
    example_weeks,
    intensity_scale,
    levels,
    schedule_builder,
    services,
)
from widgets.continuum.model import (
    DAYS,
    Block,
    IntensityBand,
    IntensityScale,
    LevelBand,
    Schedule,
    WeekAssessment,
)

__all__ = [
    "DAYS",
    "Block",
    "IntensityBand",
    "IntensityScale",
    "LevelBand",
    "Schedule",
    "WeekAssessment",
    "assess",
    "assess_week",
    "build_week",
    "classify_hours",
    "continuum",
    "example_week",
    "example_weeks",
    "intensity_scale",
    "levels",
    "schedule_builder",
    "services",
]
