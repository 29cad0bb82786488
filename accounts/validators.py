"""Rules for what people may call themselves on Legday."""

import re

from django.core.exceptions import ValidationError

# Names a coach or athlete might use to pose as Legday's own staff.
RESERVED_WORDS = ("legday", "support", "admin", "staff", "moderator")
_LINK = re.compile(
    r"(https?:|ftp:|mailto:|www\.|://|@"
    r"|\b[a-z0-9-]+\.[a-z]{2,}\b"  # example.com (a dot with no space: "J. Smith" is fine)
    r"|\b[a-z0-9-]+\s*(\[\.\]|\(\.\)|\[dot\]|\(dot\)|\sdot\s)\s*[a-z]{2,}\b)",  # evil[.]example
    re.IGNORECASE,
)


def _words(value: str) -> list[str]:
    """Lower-case words; runs of single letters ("s u p p o r t") joined into one."""
    words, letters = [], ""
    for token in re.findall(r"[a-z0-9]+", value.casefold()):
        if len(token) == 1:
            letters += token
            continue
        if letters:
            words.append(letters)
            letters = ""
        words.append(token)
    if letters:
        words.append(letters)
    return words


def reserved_word_in(value: str) -> str | None:
    """The staff-like word ``value`` poses with, if any.

    "LegdaySupport", "admin2" and "Support" pose as staff; "Badminton" does not.
    """
    for word in _words(value):
        for reserved in RESERVED_WORDS:
            if word.startswith(reserved) or word.endswith(reserved):
                return reserved
    return None


def validate_display_name(value: str) -> None:
    """A display name carries no link or address and does not pose as Legday staff."""
    if _LINK.search(value):
        raise ValidationError("A display name can't contain a link or address.", code="link")
    validate_not_staff_like(value)


def validate_not_staff_like(value: str) -> None:
    if reserved := reserved_word_in(value):
        raise ValidationError(
            f"Names can't contain “{reserved}”: it could be mistaken for Legday staff.",
            code="reserved",
        )
