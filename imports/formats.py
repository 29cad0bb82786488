"""What kind of file an upload is, told from its content (never its name), and the checks
every uploaded file passes first. Plain Python (no Django).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

# Uploads larger than this are refused before they are read (a years-long Strong history is
# well under 1 MB; a FIT file of a long run a few hundred kB).
MAX_UPLOAD_BYTES: Final[int] = 5 * 1024 * 1024
# CSV rows read from one file at most (one row per set: decades of training).
MAX_CSV_ROWS: Final[int] = 100_000


class FileRefused(ValueError):
    """The whole file cannot be read; the message says why, in words for the athlete."""


class Format(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    GPX = "gpx"
    TCX = "tcx"
    FIT = "fit"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self]

    @property
    def is_watch_file(self) -> bool:
        return self in (Format.GPX, Format.TCX, Format.FIT)


FORMAT_LABELS: Final = {
    Format.STRONG: "Strong (CSV)",
    Format.HEVY: "Hevy (CSV)",
    Format.GPX: "GPX",
    Format.TCX: "TCX",
    Format.FIT: "FIT",
}

_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
NOT_RECOGNISED = (
    "This is not a file Legday can import: upload a Strong or Hevy CSV export, or a GPX, TCX "
    "or FIT file from your watch."
)


def decode_text(data: bytes) -> str:
    """The text of a CSV or XML upload: UTF-8 (with or without a byte-order mark), no binary."""
    if b"\x00" in data:
        raise FileRefused("This file is binary, not text: " + NOT_RECOGNISED)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"This file is not UTF-8 text (byte {error.start + 1} cannot be read). Export it "
            "again from the app, or save it as UTF-8."
        ) from None


def detect(data: bytes) -> Format:
    """The file's format, or FileRefused saying why it is none Legday reads."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if not data.strip():
        raise FileRefused("The file is empty.")
    if len(data) >= 12 and data[8:12] == b".FIT":
        return Format.FIT
    text = decode_text(data)
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        if _XML_DECLARATIONS.search(data):
            raise FileRefused("XML files with a DOCTYPE or entities are not accepted.")
        if "<gpx" in head:
            return Format.GPX
        if "TrainingCenterDatabase" in head:
            return Format.TCX
        raise FileRefused(NOT_RECOGNISED)
    header = head.splitlines()[0] if head else ""
    if "exercise_title" in header and "start_time" in header:
        return Format.HEVY
    if "Exercise Name" in header and "Date" in header:
        return Format.STRONG
    raise FileRefused(NOT_RECOGNISED)
