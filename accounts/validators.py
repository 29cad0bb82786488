"""Rules for what people may call themselves on Legday."""

import re

from django.core.exceptions import ValidationError

# Names a coach or athlete might use to pose as Legday's own staff.
RESERVED_WORDS = ("legday", "support", "admin", "staff", "moderator")
_LINK = re.compile(
    r"(https?:|ftp:|mailto:|www\.|://|@|"
    r"[a-z0-9-]+\s*(\.|\[\.\]|\(\.\)|\sdot\s)\s*[a-z]{2,}\b)",  # example.com, evil[.]example
    re.IGNORECASE,
)


def validate_display_name(value: str) -> None:
    """A display name carries no link or address and does not pose as Legday staff."""
    if _LINK.search(value):
        raise ValidationError("A display name can't contain a link or address.", code="link")
    folded = re.sub(r"[^a-z]", "", value.casefold())
    for word in RESERVED_WORDS:
        if word in folded:
            raise ValidationError(
                f"A display name can't contain “{word}”: it could be mistaken for Legday staff.",
                code="reserved",
            )
