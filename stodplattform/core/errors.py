"""Error pages that show the request id, so that a user can quote it."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception):
    return render(request, "400.html", {"request_id": getattr(request, "request_id", "")}, status=400)


def server_error(request):
    # No context processors: whatever failed (the database, say) must not fail this page too.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": getattr(request, "request_id", "")}))
