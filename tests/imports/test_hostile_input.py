"""Any bytes at all: every upload is either read or refused with a reason, never a crash."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports.formats import FileRefused, detect
from imports.lifting_csv import parse_lifting_csv
from imports.watch_files import parse_watch_file
from tests.imports import samples
from tests.imports.test_lifting_csv import CATALOGUE

# fitdecode warns about each oddity of a damaged file before refusing it.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
STRONG_HEADER = samples.strong_csv([]).decode()
HEVY_HEADER = samples.hevy_csv([]).decode()


def read_or_refuse(data: bytes) -> None:
    try:
        format = detect(data)
        if format.is_watch_file:
            parse_watch_file(data, format=format, now=NOW)
        else:
            result = parse_lifting_csv(data, format=format, tz=BERLIN, now=NOW, catalogue=CATALOGUE)
            assert all(str(e).startswith(f"line {e.line}: ") for e in result.errors)
    except FileRefused as refused:
        assert str(refused)


@given(st.binary(max_size=3000))
def test_any_bytes(data):
    read_or_refuse(data)


@given(st.sampled_from([STRONG_HEADER, HEVY_HEADER]), st.text(max_size=2000))
def test_any_text_under_a_real_header(header, body):
    read_or_refuse((header + body).encode())


@given(st.integers(min_value=0, max_value=2000), st.binary(min_size=1, max_size=8))
def test_damaged_fit_files(cut, noise):
    whole = samples.fit(datetime(2026, 10, 6, 16, 0, tzinfo=UTC))
    read_or_refuse(whole[:cut] + noise + whole[cut + len(noise) :])
