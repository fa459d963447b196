import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stodplattform.settings")
application = get_wsgi_application()

# The URL patterns, and with them every view and app module, loaded now rather than by the
# first request; then all that was loaded is kept out of the garbage collector's passes. It
# lives as long as the process, and a full pass over it (about 200 000 objects) in the middle of
# a request made a page's slowest views two to three times its median.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
