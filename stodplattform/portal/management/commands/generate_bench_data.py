from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from stodplattform.portal.bench import BenchDataError, counts, expected_counts, generate_bench_data


class Command(BaseCommand):
    help = (
        "Generate the benchmark's synthetic national data set (platforms, enterprises, people, and "
        "each app's part), repeatable with --seed. Refuses a database with data it did not make "
        "(unless --force) and a second run (unless --replace)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=5000)
        parser.add_argument("--platforms", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true", help="Delete earlier generated data first.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic data even though the database holds other data.",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing when generated data of the same size is already there (bench/run).",
        )

    def progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, enterprises, platforms, seed, replace, force, reuse, **options):
        if reuse and counts() == expected_counts(enterprises=enterprises, platforms=platforms):
            self.stdout.write(
                f"Reusing the generated data: {platforms} platforms, {enterprises} enterprises."
            )
            self.analyze()
            return
        try:
            generate_bench_data(
                enterprises=enterprises,
                platforms=platforms,
                seed=seed,
                replace=replace or reuse,
                force=force,
                say=self.progress,
            )
        except BenchDataError as error:
            raise CommandError(str(error)) from error
        self.analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {platforms} platforms and {enterprises} enterprises (seed {seed})."
            )
        )

    def analyze(self) -> None:
        """On PostgreSQL, the planner's statistics and the visibility map, as a running database has them.

        Autovacuum gathers both once enough rows have been inserted or changed, but some time
        after a bulk load. Without the statistics the planner takes a platform for 4 enterprises
        instead of 167 and joins the key figures in a nested loop (52 ms instead of 1); without
        the visibility map a count cannot be answered from an index alone (an observer's four
        case counts over 200 000 cases: 82 ms instead of 35). SQLite keeps no statistics unless
        told (`ANALYZE`), and an installation does not run it: the benchmark on SQLite has none
        either.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test's): there the statistics alone.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
