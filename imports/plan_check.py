"""Did a run keep to the plan? Plain Python: the plan as it stood when the run started, and
what the run was.

The run kept to the plan when it started no earlier than the plan's earliest start, lasted no
longer than its duration cap, and (when the athlete has set a maximum heart rate) its average
heart rate stayed in the easy zone (``rules.EASY_RUN_MAX_HR_FRACTION`` of the maximum).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo

from recovery import rules
from recovery.planner import Plan
from recovery.statuses import Status

KEPT = "Kept to the plan."
NO_PLAN = "No leg day before this run, so there was no plan to compare it with."


@dataclass(frozen=True, slots=True)
class PlanCheck:
    differences: tuple[str, ...]
    has_plan: bool = True

    @property
    def kept(self) -> bool:
        return self.has_plan and not self.differences

    @property
    def summary(self) -> str:
        if not self.has_plan:
            return NO_PLAN
        if self.kept:
            return KEPT
        return "Differed from the plan: " + " ".join(self.differences)


def easy_hr_limit(max_hr: int) -> int:
    """The highest average heart rate of an easy run for this maximum (rounded down)."""
    return math.floor(max_hr * rules.EASY_RUN_MAX_HR_FRACTION)


def _clock(moment: datetime, tz: tzinfo) -> str:
    return f"{moment.astimezone(tz):%a %d %b %H:%M}"


def check_run(
    *,
    plan: Plan | None,
    started_at: datetime,
    minutes: int,
    avg_hr: int | None,
    max_hr: int | None,
    tz: tzinfo,
) -> PlanCheck:
    """Compare a run with ``plan`` (the athlete's plan at ``started_at``, or None)."""
    if plan is None:
        return PlanCheck(differences=(), has_plan=False)
    found: list[str] = []
    if plan.status is Status.WALK_INSTEAD:
        found.append("The plan was to walk instead of running.")
    elif started_at < plan.earliest_start:
        found.append(
            f"It started {_clock(started_at, tz)}, before the earliest start "
            f"({_clock(plan.earliest_start, tz)})."
        )
    if plan.duration_min is not None and minutes > plan.duration_min[1]:
        found.append(
            f"It lasted {minutes} minutes, longer than the plan's cap of "
            f"{plan.duration_min[1]} minutes."
        )
    if avg_hr is not None and max_hr is not None and avg_hr > easy_hr_limit(max_hr):
        found.append(
            f"Its average heart rate ({avg_hr} bpm) was above the easy zone (up to "
            f"{easy_hr_limit(max_hr)} bpm with your maximum of {max_hr})."
        )
    return PlanCheck(differences=tuple(found))
