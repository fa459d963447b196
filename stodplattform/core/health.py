"""/healthz for load balancers and monitoring: 200 when the database answers and every
migration is applied, 503 otherwise. It names no versions."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> tuple[bool, bool]:
    """(database reachable, migrations applied)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, False
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return True, False
    return True, not pending


@never_cache
def healthz(request):
    reachable, migrated = _database()
    ok = reachable and migrated
    return JsonResponse(
        {
            "status": "ok" if ok else "unavailable",
            "database": "ok" if reachable else "unreachable",
            "migrations": "ok" if migrated else ("pending" if reachable else "unknown"),
        },
        status=200 if ok else 503,
    )
