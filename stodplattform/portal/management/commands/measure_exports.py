import json
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.bench import BENCH_PREFIX


class Command(BaseCommand):
    help = (
        "Measure one export of the public directory (bench/run --exports): its time and the peak of "
        "Python's memory while it is made and read, with the generated enterprises copied up to --rows "
        "first, inside a transaction that is rolled back. Prints JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, required=True, help="enterprises in the database while measured"
        )
        parser.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")

    def handle(self, *args, rows, format, **options):
        generated = Enterprise.objects.filter(platform__slug__startswith=BENCH_PREFIX)
        if not generated.exists():
            raise CommandError("No generated enterprises: run generate_bench_data first.")
        with transaction.atomic():
            self.copy_up_to(generated, rows)
            result = self.measure(format)
            result["rows_listed"] = Enterprise.objects.public().count()
            transaction.set_rollback(True)  # the copies go again
        result.update(rows=rows, format=format)
        self.stdout.write(json.dumps(result))

    def copy_up_to(self, generated, rows):
        """Copies of the generated enterprises (and their industries) until there are ``rows``."""
        missing = rows - Enterprise.objects.count()
        if missing <= 0:
            return
        originals = list(generated.prefetch_related("industries").order_by("pk"))
        through = Enterprise.industries.through
        fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
        made = 0
        while made < missing:
            batch = []
            for original in originals[: min(len(originals), missing - made)]:
                made += 1
                values = {f.attname: getattr(original, f.attname) for f in fields}
                values.update(slug=f"{original.slug[:60]}-kopia-{made}", org_number="")
                batch.append((Enterprise(**values), [i.pk for i in original.industries.all()]))
            Enterprise.objects.bulk_create([c for c, _ in batch], batch_size=1000)
            through.objects.bulk_create(
                [through(enterprise_id=c.pk, industry_id=i) for c, codes in batch for i in codes],
                batch_size=2000,
            )

    def measure(self, fmt):
        """Once for the time, once more (from scratch) for the memory: tracing slows Python down."""
        seconds, size = self.export(fmt)
        tracemalloc.start()
        self.export(fmt)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {
            "seconds": round(seconds, 2),
            "bytes": size,
            # Python's own allocations during the request, the rows read and the file written.
            "python_peak_mib": round(peak / 2**20, 1),
        }

    def export(self, fmt):
        url = reverse(f"enterprises-export-{fmt}")
        # A directory of its own: the file is made anew, not sent from an earlier run.
        with tempfile.TemporaryDirectory() as root, override_settings(EXPORT_CACHE_ROOT=Path(root)):
            started = time.perf_counter()
            response = Client(SERVER_NAME="localhost").get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}.")
            size = 0
            for chunk in response.streaming_content if response.streaming else [response.content]:
                size += len(chunk)  # read to the end, the test client closes the response
            return time.perf_counter() - started, size
