"""Remind registrants of an event that begins within two days, in the language they chose.

Safe to run twice (and at the same time): each registration is reminded once (README, Scheduled jobs).
"""

from django.core.management.base import BaseCommand

from stodplattform.events.services import REMINDER_HOURS, send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to everyone with a place at an event that begins within the next hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=REMINDER_HOURS, help=f"How far ahead (default {REMINDER_HOURS})."
        )

    def handle(self, *args, hours=REMINDER_HOURS, **options):
        count = send_reminders(hours=hours)
        self.stdout.write(f"Sent {count} event reminder(s).")
