"""Everything Legday stores about an athlete's training, as JSON-ready data."""

from __future__ import annotations

from accounts.access import own_records
from recovery.models import LegWorkout, RecoveryRun, SorenessCheckIn


def athlete_export(athlete) -> dict:
    """The athlete's workouts (with lines), check-ins and runs; 4 queries."""
    workouts = own_records(athlete, LegWorkout.objects).prefetch_related("lines__exercise")
    return {
        "workouts": [
            {
                "id": w.pk,
                "ended_at": w.ended_at.isoformat(),
                "minutes": w.minutes,
                "rpe": w.rpe,
                "notes": w.notes,
                "exercises": [
                    {
                        "name": line.name,
                        "sets": line.sets,
                        "reps": line.reps,
                        "weight_kg": None if line.weight_kg is None else float(line.weight_kg),
                    }
                    for line in w.lines.all()
                ],
            }
            for w in workouts
        ],
        "check_ins": [
            {
                "id": c.pk,
                "workout_id": c.workout_id,
                "at": c.at.isoformat(),
                "soreness": c.soreness,
                "regions": dict(c.regions),
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
            }
            for r in own_records(athlete, RecoveryRun.objects)
        ],
    }
