"""Browser fixtures: see stodplattform/portal/testing.py."""

from stodplattform.portal.testing import *  # noqa: F403
