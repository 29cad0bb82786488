"""One place owns how each status looks: label, colour token, urgency rank and wording."""

from __future__ import annotations

from recovery.statuses import (
    BY_URGENCY,
    NO_PLAN,
    NO_PLAN_URGENCY,
    STATUS_LOOKS,
    URGENCY,
    Status,
    status_label,
)

BOOTSTRAP_TONES = {"primary", "secondary", "success", "danger", "warning", "info", "light", "dark"}


def test_every_status_has_one_look():
    assert set(STATUS_LOOKS) == set(Status)
    for status, look in STATUS_LOOKS.items():
        assert look.status is status
        assert status.look is look
        assert status.label == look.label == status_label[status]
        assert look.tone in BOOTSTRAP_TONES  # a token: the colour itself lives in CSS
        assert look.wording.endswith(".")


def test_labels_cannot_be_confused():
    labels = [look.label for look in STATUS_LOOKS.values()]
    assert len(set(labels)) == len(labels)
    first_words = [label.split()[0] for label in labels]
    assert len(set(first_words)) == len(first_words)
    assert "Wait" not in labels and "Next day" not in labels
    assert len({look.tone for look in STATUS_LOOKS.values()}) == len(labels)


def test_urgency_is_plain_data_most_urgent_first():
    assert BY_URGENCY == (
        Status.WALK_INSTEAD,
        Status.NEXT_DAY,
        Status.WAIT,
        Status.GO,
        Status.RECOVERED,
    )
    assert dict(URGENCY) == {
        "walk_instead": 0,
        "next_day": 1,
        "wait": 2,
        "go": 3,
        "recovered": 4,
        NO_PLAN: NO_PLAN_URGENCY,
    }
    assert all(isinstance(code, str) and type(rank) is int for code, rank in URGENCY.items())
    needing_attention = {s for s, look in STATUS_LOOKS.items() if look.needs_attention}
    assert needing_attention == {Status.WALK_INSTEAD, Status.NEXT_DAY}


def test_status_codes_stay_as_they_are():
    assert [s.value for s in Status] == ["wait", "go", "next_day", "walk_instead", "recovered"]
