"""Everything Legday stores about an athlete's training, as JSON-ready data."""

from __future__ import annotations

from accounts.access import own_records
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn


def athlete_export(athlete) -> dict:
    """The athlete's workouts, exercise lines, check-ins and runs as flat rows; 4 queries.

    Registered with ``accounts.data_rights`` in ``RecoveryConfig.ready``.
    """
    workouts = list(own_records(athlete, LegWorkout.objects).prefetch_related("lines__exercise"))
    return {
        "workouts": [
            {
                "id": w.pk,
                "ended_at": w.ended_at.isoformat(),
                "minutes": w.minutes,
                "rpe": w.rpe,
                "notes": w.notes,
            }
            for w in workouts
        ],
        "exercise_lines": [
            {
                "workout_id": w.pk,
                "exercise": line.name,
                "sets": line.sets,
                "reps": line.reps,
                "weight_kg": None if line.weight_kg is None else float(line.weight_kg),
            }
            for w in workouts
            for line in w.lines.all()
        ],
        "check_ins": [
            {
                "id": c.pk,
                "workout_id": c.workout_id,
                "at": c.at.isoformat(),
                "soreness": c.soreness,
                "quads": c.quads,
                "hamstrings": c.hamstrings,
                "glutes": c.glutes,
                "calves": c.calves,
                "legs_heavy": c.legs_heavy,
                "pain": c.pain,
                "note": c.note,
            }
            for c in own_records(athlete, SorenessCheckIn.objects)
        ],
        "recovery_runs": [
            {
                "id": r.pk,
                "workout_id": r.workout_id,
                "started_at": r.started_at.isoformat(),
                "minutes": r.minutes,
                "rpe": r.rpe,
                "outcome": r.outcome,
                "legs_felt": r.legs_felt,
                "note": r.note,
                "distance_km": None if r.distance_km is None else float(r.distance_km),
                "avg_hr": r.avg_hr,
            }
            for r in own_records(athlete, RecoveryRun.objects)
        ],
    }
