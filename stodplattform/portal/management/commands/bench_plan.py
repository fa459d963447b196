import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stodplattform.accounts.bench import PASSWORD
from stodplattform.accounts.models import User
from stodplattform.portal.bench import all_logins, all_pages


class Command(BaseCommand):
    help = (
        "Print the benchmark's plan as JSON (bench/run reads it): the logins, and each page with the "
        "database queries and bytes of one request, measured with Django's test client on this database."
    )

    def handle(self, *args, **options):
        logins = all_logins()
        clients = {None: Client()}
        for role, email in logins.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                raise CommandError(f"No {role} login {email}: generate the data first (generate_bench_data).")
            clients[role] = Client()
            clients[role].force_login(user)
        pages = []
        for page in all_pages():
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
            pages.append(
                {**page, "status": response.status_code, "queries": len(queries), "bytes": len(body)}
            )
        self.stdout.write(json.dumps({"logins": logins, "password": PASSWORD, "pages": pages}, indent=1))
