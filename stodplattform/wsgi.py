import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stodplattform.settings")
application = get_wsgi_application()

from stodplattform.core.warm import CollectBetweenRequests, compile_templates  # noqa: E402  (needs the apps loaded)

# The URL patterns, and with them every view and app module, and the templates, loaded now
# rather than by the first requests; then all that was loaded is kept out of the garbage
# collector's passes. It lives as long as the process, and a full pass over it (about 200 000
# objects) in the middle of a request made a page's slowest views two to three times its median.
# The full passes that remain run between requests (core/warm.py).
get_resolver().url_patterns  # noqa: B018
compile_templates()
gc.freeze()
CollectBetweenRequests().install()
