"""The browser fixtures and helpers are shared by every app: see stodplattform/portal/testing.py."""

from stodplattform.portal.testing import *  # noqa: F403
