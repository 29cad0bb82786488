"""Durations in words, never ISO 8601 ("PT15M")."""

from datetime import timedelta

import pytest

from accounts.durations import duration_words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (15, "15 minutes"),
        (1, "1 minute"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (24 * 60 + 1, "1 day 1 minute"),
        (0, "less than a minute"),
    ],
)
def test_durations_in_words(value, words):
    assert duration_words(value) == words
    assert duration_words(timedelta(minutes=value)) == words
