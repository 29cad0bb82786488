"""allauth.mfa's code forms, with every wrong code counted against the account lockout.

allauth limits wrong codes on its own counter and forgets it after one right code;
here a code check also consumes the account's counter (``accounts.lockout``), so
wrong passwords and wrong codes add up, and a locked account's code pages answer 429.
"""

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm

from accounts import lockout


class _CountedCode:
    def clean_code(self):
        usage = lockout.consume(context.request, lockout.account_key(self.user))
        code = super().clean_code()  # a wrong code raises: the attempt stays counted
        usage.rollback()
        return code


class MFAAuthenticateForm(_CountedCode, AuthenticateForm):
    pass


class MFAReauthenticateForm(_CountedCode, ReauthenticateForm):
    pass
