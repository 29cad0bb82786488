"""`manage.py import FILE … --user USERNAME [--rpe N] [--minutes N] [--dry-run]`."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from imports.models import ImportedRecord
from recovery.models import LegWorkout, RecoveryRun
from tests.imports import samples
from tests.recovery.factories import make_workout

pytestmark = pytest.mark.django_db


def run(*args: str):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_imports_a_strong_export_and_lists_what_was_skipped(athlete, write):
    path = write("strong.csv", samples.strong_leg_day())
    code, out, err = run(path, "--user", athlete.username)
    assert code == 0, err
    assert (
        f"{path}: created leg day Mon 05 Oct 2026 18:35 (65 min, RPE 8): "
        "Back squat 2×5 @ 105 kg, Romanian deadlift 1×8 @ 80 kg" in out
    )
    assert f"{path}: skipped “Upper” (Sat 03 Oct 2026 18:00): no leg exercises" in out
    assert "1 imported, 0 already there, 0 rejected." in out
    assert err == ""
    assert LegWorkout.objects.filter(athlete=athlete).count() == 1

    code, out, _ = run(path, "--user", athlete.username)  # again: nothing new
    assert code == 0
    assert "skipped “Leg day” (Mon 05 Oct 2026 17:30): already imported" in out
    assert LegWorkout.objects.count() == 1


def test_a_file_without_rpe_is_refused_unless_given(athlete, write):
    path = write(
        "hevy.csv",
        samples.hevy_csv([samples.hevy_row("5 Oct 2026, 17:30", "5 Oct 2026, 18:20", "Leg Press")]),
    )
    code, _, err = run(path, "--user", athlete.username)
    assert code == 1
    assert f"{path}: line 2: session “Legs” has no RPE (pass --rpe N)" in err
    assert "nothing could be imported" in err
    assert not LegWorkout.objects.exists()
    code, _out, err = run(path, "--user", athlete.username, "--rpe", "6")
    assert code == 0
    assert LegWorkout.objects.get().rpe == 6


def test_minutes_for_files_without_durations(athlete, write):
    data = samples.strong_old_csv(
        [
            {
                "Date": "2026-10-05 17:30:12",
                "Workout Name": "Legs",
                "Exercise Name": "Leg Press",
                "Weight": "100",
                "Weight Unit": "kg",
                "Reps": "10",
                "RPE": "7",
            }
        ]
    )
    path = write("old.csv", data)
    code, _, err = run(path, "--user", athlete.username)
    assert code == 1 and "has no duration (pass --minutes N)" in err
    code, _, _ = run(path, "--user", athlete.username, "--minutes", "45")
    assert code == 0 and LegWorkout.objects.get().minutes == 45


def test_dry_run_saves_nothing_and_says_what_would_happen(athlete, write):
    path = write("strong.csv", samples.strong_leg_day())
    code, out, _ = run(path, "--user", athlete.username, "--dry-run")
    assert code == 0
    assert "would create leg day" in out and "1 would be imported" in out
    assert not LegWorkout.objects.exists() and not ImportedRecord.objects.exists()


def test_dry_run_with_nothing_importable_fails(athlete, write):
    path = write("bad.csv", samples.strong_csv([samples.strong_row("nope", "Squat")]))
    code, _, err = run(path, "--user", athlete.username, "--dry-run")
    assert code == 1
    assert f"{path}: line 2: start 'nope' is not a date and time" in err


def test_every_rejected_row_is_one_line_on_stderr(athlete, write):
    date = "2026-10-05 17:30:12"
    data = samples.strong_csv(
        [
            samples.strong_row(date, "Squat (Barbell)", rpe="8"),
            samples.strong_row(date, "Squat (Barbell)", reps="x", rpe="8"),
            samples.strong_row(date, "Squat (Barbell)", rpe="12"),
        ]
    )
    path = write("mixed.csv", data)
    code, out, err = run(path, "--user", athlete.username)
    assert code == 0  # one row imported
    assert err.splitlines() == [
        f"{path}: line 3: reps 'x' is not a number",
        f"{path}: line 4: RPE must be from 1 to 10, not '12'",
    ]
    assert "1 imported, 0 already there, 2 rejected." in out


def test_runs_need_an_rpe_and_follow_the_last_leg_day(athlete, write):
    workout = make_workout(athlete, ended_at=timezone.now() - timedelta(days=2))
    start = timezone.now() - timedelta(hours=3)
    gpx, fit = write("run.gpx", samples.gpx(start)), write("run.fit", samples.fit(start))
    code, _, err = run(gpx, "--user", athlete.username)
    assert code == 1
    assert f"{gpx}: a run file has no RPE: pass --rpe N" in err
    code, out, err = run(gpx, fit, "--user", athlete.username, "--rpe", "3")
    assert code == 0, err
    assert (
        f"{gpx}: created recovery run" in out and "(25 min, 3.76 km, average heart rate 130)" in out
    )
    assert f"{fit}: skipped the run of" in out  # the same run from the watch's other file
    saved = RecoveryRun.objects.get()
    assert (saved.workout, saved.rpe, saved.avg_hr) == (workout, 3, 130)


def test_unreadable_files_and_unknown_users(athlete, write, tmp_path):
    junk = write("junk.csv", b"\x00\x01\x02")
    code, _, err = run(junk, str(tmp_path / "missing.fit"), "--user", athlete.username)
    assert code == 1
    assert f"{junk}: This file is binary" in err
    assert "missing.fit: No such file or directory" in err
    with pytest.raises(CommandError, match="no user 'ghost'"):
        call_command("import", junk, "--user", "ghost")
    with pytest.raises(CommandError, match="--rpe: must be between 1 and 10"):
        call_command("import", junk, "--user", athlete.username, "--rpe", "11")


def test_exit_status_and_stderr_as_manage_py_gives_them(athlete, write, capsys, monkeypatch):
    """Through ``manage.py``'s own entry point: the exit status, and stderr lines only."""
    from django.core.management import ManagementUtility
    from django.db import connections

    # run_from_argv closes every connection when done, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    bad = write("bad.csv", samples.strong_csv([samples.strong_row("nope", "Squat")]))
    good = write("good.csv", samples.strong_leg_day())
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import", bad, "--user", athlete.username]).execute()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{bad}: line 2: start 'nope' is not a date and time like 2026-10-05 17:30:12",
        "CommandError: nothing could be imported",
    ]
    ManagementUtility(["manage.py", "import", good, "--user", athlete.username]).execute()
    assert "1 imported" in capsys.readouterr().out


def test_lbs_for_strong_files_in_pounds(athlete, write):
    path = write("strong.csv", samples.strong_leg_day())
    code, out, _ = run(path, "--user", athlete.username, "--lbs")
    assert code == 0
    assert "Back squat 2×5 @ 47.63 kg" in out
