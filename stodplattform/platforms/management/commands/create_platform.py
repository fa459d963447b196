from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.text import slugify

from stodplattform.platforms.models import Municipality, Platform, Role
from stodplattform.platforms.services import invitation_link, invite


class Command(BaseCommand):
    help = (
        "Create a platform and invite its first coordinator by e-mail, e.g. "
        "create_platform 'Stödplattformen Västerbergslagen' --operator Samarkand "
        "--municipality 2085 --municipality 2061 --contact-email info@example.se "
        "--coordinator anna@example.se"
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", help="Short name in addresses (default: from the name).")
        parser.add_argument("--operator", required=True, help="The organisation that runs the platform.")
        parser.add_argument("--funder", default="")
        parser.add_argument("--contact-email", required=True)
        parser.add_argument(
            "--municipality", action="append", required=True, help="SCB code, e.g. 2085; repeat for several."
        )
        parser.add_argument("--coordinator", required=True, help="E-mail address of the first coordinator.")
        parser.add_argument("--organisation", default="", help="The coordinator's organisation.")
        parser.add_argument("--title", default="")
        parser.add_argument("--language", choices=["sv", "en"], default="sv")
        parser.add_argument("--hidden", action="store_true", help="Do not show the platform publicly yet.")

    def handle(self, *args, **options):
        slug = options["slug"] or slugify(options["name"])[:60]
        for value, check, what in [
            (slug, validate_slug, "--slug"),
            (options["contact_email"], validate_email, "--contact-email"),
            (options["coordinator"], validate_email, "--coordinator"),
        ]:
            try:
                check(value)
            except ValidationError as error:
                raise CommandError(f"{what}: {' '.join(error.messages)}") from error
        if Platform.objects.filter(slug=slug).exists():
            raise CommandError(f"A platform with the short name {slug!r} already exists.")
        codes = options["municipality"]
        municipalities = list(Municipality.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {m.code for m in municipalities})
        if unknown:
            raise CommandError(f"Unknown municipality code(s): {', '.join(unknown)}")
        with transaction.atomic():
            platform = Platform.objects.create(
                name=options["name"],
                slug=slug,
                operator=options["operator"],
                funder=options["funder"],
                contact_email=options["contact_email"],
                is_public=not options["hidden"],
            )
            platform.municipalities.set(municipalities)
            invitation = invite(
                platform=platform,
                email=options["coordinator"],
                role=Role.COORDINATOR,
                by=None,
                organisation=options["organisation"] or options["operator"],
                title=options["title"],
                language=options["language"],
            )
        self.stdout.write(self.style.SUCCESS(f"Created {platform.name} ({platform.slug})."))
        self.stdout.write(
            f"Invitation e-mailed to {invitation.email}. The link, if the e-mail does not arrive:"
        )
        self.stdout.write(invitation_link(invitation))
