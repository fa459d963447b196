import json
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from stodplattform.accounts.bench import PASSWORD
from stodplattform.accounts.models import User
from stodplattform.portal.bench import all_first_views, all_logins, all_pages, describe_data


def named(name: str, only: str) -> bool:
    """Whether a page's name contains ``only``, or one of its comma-separated parts (bench/run --only)."""
    return any(part.strip() in name for part in only.split(","))


class Command(BaseCommand):
    help = (
        "Print the benchmark's plan as JSON (bench/run reads it): the logins, and each page with the "
        "database queries and bytes of one request, measured with Django's test client on this database, "
        "and the queries and milliseconds of one request with the page caches off (a first look); "
        "and the pages of the first views (bench/firstviews.py) with the queries and bytes of one request."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--first-views-only",
            action="store_true",
            help="list the pages under load without measuring them (bench/run --first-views-only)",
        )
        parser.add_argument(
            "--only",
            default="",
            help="only the pages whose name contains this (or one of its comma-separated parts)",
        )
        parser.add_argument(
            "--times",
            type=int,
            default=5,
            help="renders of each page without the page cache, of which the median is reported (default 5)",
        )

    def handle(self, *args, **options):
        only = options["only"]
        logins = all_logins()
        # A host that ALLOWED_HOSTS lets in: the test client's "testserver" is only allowed in tests.
        clients = {None: Client(SERVER_NAME="localhost")}
        for role, email in logins.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                raise CommandError(f"No {role} login {email}: generate the data first (generate_bench_data).")
            clients[role] = Client(SERVER_NAME="localhost")
            clients[role].force_login(user)
        pages = []
        for page in all_pages():
            if options["first_views_only"] or not (named(page["name"], only) or page["name"] == "floor"):
                # Listed (bench/run finds the floor among them), not measured.
                pages.append(page)
                continue
            client = clients.get(page["role"])
            if client is None:
                raise CommandError(
                    f"The page {page['name']} needs the role {page['role']}, which has no login."
                )
            client.get(page["path"])  # warm: the queries of a process that has served a request
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page["path"])
                # A streamed export queries while it is read.
                body = b"".join(response.streaming_content) if response.streaming else response.content
            uncached_queries, uncached_ms = self.uncached(client, page["path"], max(1, options["times"]))
            pages.append(
                {
                    **page,
                    "status": response.status_code,
                    "queries": len(queries),
                    "bytes": len(body),
                    "uncached_queries": uncached_queries,
                    "uncached_ms": uncached_ms,
                }
            )
        first_views = []
        # A first view is never served from a page cache.
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        with override_settings(CACHES={**settings.CACHES, "pages": dummy, "private_pages": dummy}):
            for page in all_first_views():
                if not named(page["name"], only):
                    continue
                client = clients[page["role"]]
                client.get(page["path"])
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(page["path"])
                first_views.append(
                    {
                        **page,
                        "status": response.status_code,
                        "queries": len(queries),
                        "bytes": len(response.content),
                    }
                )
        self.stdout.write(
            json.dumps(
                {
                    "logins": logins,
                    "password": PASSWORD,
                    "pages": pages,
                    "first_views": first_views,
                    "data": describe_data(),
                },
                indent=1,
            )
        )

    def uncached(self, client, path, times):
        """Queries and median milliseconds of the page rendered anew (no page cache)."""
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        with override_settings(CACHES={**settings.CACHES, "pages": dummy}):
            client.get(path)
            spent = []
            for _ in range(times):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    if response.streaming:
                        b"".join(response.streaming_content)
                    spent.append((time.perf_counter() - started) * 1000)
        return len(queries), round(statistics.median(spent), 1)
