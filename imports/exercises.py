"""Which lifts in a gym app's log are leg work, and which catalogue exercise each one is.

Plain Python (no Django): the catalogue is passed in as names. A name is compared after
``normalise`` (lower case, the app's equipment suffix such as "(Barbell)" dropped, hyphens
as spaces), first with the catalogue's own names, then with ``ALIASES``. What matches none
is leg work when it contains one of ``LOWER_BODY_KEYWORDS`` (and becomes a free-text line);
anything else (bench press, rows, running) is not leg work and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# The words that make an exercise leg work, compared with the normalised name. Documented in
# the README; extend here only.
LOWER_BODY_KEYWORDS: Final[tuple[str, ...]] = (
    "squat",
    "deadlift",
    "rdl",
    "lunge",
    "split squat",
    "step up",
    "leg press",
    "hack squat",
    "leg curl",
    "hamstring",
    "leg extension",
    "quad",
    "calf",
    "hip thrust",
    "glute",
    "good morning",
    "nordic",
    "adductor",
    "abductor",
    "hip abduction",
    "hip adduction",
    "box jump",
    "depth jump",
    "pistol",
    "sled",
)

# Names the gym apps use for a catalogue lift (normalised name -> catalogue name).
ALIASES: Final[dict[str, str]] = {
    "squat": "Back squat",
    "barbell squat": "Back squat",
    "high bar squat": "Back squat",
    "low bar squat": "Back squat",
    "deadlift": "Conventional deadlift",
    "romanian deadlift": "Romanian deadlift",
    "rdl": "Romanian deadlift",
    "stiff leg deadlift": "Romanian deadlift",
    "nordic curl": "Nordic hamstring curl",
    "nordic hamstrings curls": "Nordic hamstring curl",
    "nordic hamstring curls": "Nordic hamstring curl",
    "lunge walking": "Walking lunge",
    "walking lunges": "Walking lunge",
    "reverse lunges": "Reverse lunge",
    "split squat bulgarian": "Bulgarian split squat",
    "step up": "Step-up",
    "step ups": "Step-up",
    "seated leg press": "Leg press",
    "leg press horizontal": "Leg press",
    "leg extensions": "Leg extension",
    "lying leg curls": "Lying leg curl",
    "hip thrusts": "Hip thrust",
    "calf raise": "Standing calf raise",
    "standing calf raises": "Standing calf raise",
    "box jumps": "Box jump",
    "depth jumps": "Depth jump",
}

_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_SPACES = re.compile(r"[\s\-_]+")


def normalise(name: str) -> str:
    """``"Squat (Barbell)"`` -> ``"squat"``; ``"Step-Up"`` -> ``"step up"``."""
    text = name.strip().lower()
    while True:
        shorter = _SUFFIX.sub("", text)
        if shorter == text:
            break
        text = shorter
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Classified:
    """``catalogue_name`` when the lift is in the catalogue; ``lower_body`` when it is leg work."""

    catalogue_name: str | None
    lower_body: bool


class Catalogue:
    """The catalogue's names, looked up by normalised name."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key = {normalise(name): name for name in names}

    def classify(self, name: str) -> Classified:
        key = normalise(name)
        found = self._by_key.get(key)
        if found is None and key in ALIASES and normalise(ALIASES[key]) in self._by_key:
            found = self._by_key[normalise(ALIASES[key])]
        if found is not None:
            return Classified(catalogue_name=found, lower_body=True)
        lower_body = any(_mentions(key, word) for word in LOWER_BODY_KEYWORDS)
        return Classified(catalogue_name=None, lower_body=lower_body)


def _mentions(key: str, word: str) -> bool:
    """A keyword at the start of a word of ``key`` ("squats", "lunges", "calves" count; "rdl"
    is not found in "hurdle"); a keyword of several words anywhere in it."""
    if " " in word:
        return f" {word}" in f" {key}"
    stem = word[:-1] if word.endswith("f") else word  # calf -> calves
    return any(token.startswith(stem) for token in key.split())
