"""Development mail, printed so that a person can read it and copy its links."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend


class ReadableConsoleBackend(ConsoleEmailBackend):
    """Like Django's console backend, but the body is printed as written, not encoded for
    transport (quoted-printable would break a long link across lines with ``=``)."""

    def write_message(self, message: EmailMessage) -> None:
        headers = message.message()
        for name in ("From", "To", "Subject", "Date"):
            if headers[name]:
                self.stream.write(f"{name}: {headers[name]}\n")
        self.stream.write(f"\n{message.body}\n")
        self.stream.write("-" * 79 + "\n")
