from django.core.management.base import BaseCommand

from stodplattform.accounts.demo import PASSWORD
from stodplattform.accounts.models import User
from stodplattform.portal.demo import logins


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        pairs = logins()
        present = set(User.objects.filter(email__in=[e for _, e in pairs]).values_list("email", flat=True))
        if not present:
            return
        self.stdout.write(f"\nDemo logins (password: {PASSWORD}):")
        for role, email in pairs:
            if email in present:
                self.stdout.write(f"  {role:<52} {email}")
        self.stdout.write("")
