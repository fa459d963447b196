from django.core.management.base import BaseCommand

from stodplattform.accounts.models import User
from stodplattform.core.demo import LOGINS, PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        present = set(User.objects.filter(email__in=[e for _, e in LOGINS]).values_list("email", flat=True))
        if not present:
            return
        self.stdout.write(f"\nDemo logins (password: {PASSWORD}):")
        for role, email in LOGINS:
            if email in present:
                self.stdout.write(f"  {role:<52} {email}")
        self.stdout.write("")
