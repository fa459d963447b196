"""Rebuild every enterprise's search document, e.g. after loaddata or a bulk import that
bypassed the signals. Safe to run twice."""

from django.core.management.base import BaseCommand

from stodplattform.enterprises import search


class Command(BaseCommand):
    help = "Rebuild the search documents of all enterprises."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"{count} enterprises indexed.")
