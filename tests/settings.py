"""Settings for the test suite: the project's settings in development mode.

``DEBUG`` is off unless set; the tests need no production secrets, so they load the
settings as ``make run`` does. (Django's test runner still runs every test with
``settings.DEBUG = False``.)
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403
