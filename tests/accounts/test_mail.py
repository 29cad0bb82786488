"""Development mail is readable: a long link in it can be copied as it is."""

from __future__ import annotations

from io import StringIO

from django.core.mail import EmailMessage

from accounts.mail import ReadableConsoleBackend

LINK = "http://127.0.0.1:8000/accounts/password/reset/key/" + "x" * 90 + "/"


def test_console_mail_prints_the_body_unencoded():
    stream = StringIO()
    backend = ReadableConsoleBackend(stream=stream)
    body = f"Hej Zoë,\n\nReset your password here: {LINK}\n"
    sent = backend.send_messages(
        [EmailMessage("Reset your password", body, "noreply@legday.invalid", ["a@b.c"])]
    )
    printed = stream.getvalue()
    assert sent == 1
    assert LINK in printed and "Zoë" in printed
    assert "Subject: Reset your password" in printed and "To: a@b.c" in printed
    assert "=\n" not in printed
