from stodplattform.portal.testing import *  # noqa: F403
