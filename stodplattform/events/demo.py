"""Demo events: the September 2022 seminar of the seed with its fair, and a coming seminar.

From the seed: in September 2022 a seminar, "Sociala företag konkurrerar på samma villkor",
gathered business, Region Dalarna, Finsam, the municipalities of Ludvika and Smedjebacken
and many other organisations to discuss social enterprises and their role in society; a
fair alongside let the local social enterprises show what they do. The day, the times,
the place and the capacity are not in the seed: they are examples (``is_example``), as is
all of the coming seminar.
"""

import datetime
import secrets
import zoneinfo

from django.utils import timezone

from stodplattform.accounts.demo import EXAMPLE

from .models import Event, Exhibitor, Kind, ProgrammeItem, Registration, RegistrationStatus

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LOGINS: list[tuple[str, str]] = []

SEMINAR_2022 = (
    "I september 2022 samlades aktörer från näringsliv, Region Dalarna, Finsam, Ludvika och "
    "Smedjebackens kommuner och många andra organisationer för att diskutera och dela kunskap "
    "om sociala företag och deras viktiga roll i samhället.\n\n"
    "I anslutning till seminariet arrangerades en mässa där de lokala sociala företagen visade "
    "upp sina verksamheter.\n\n"
    "*Datum, tider och plats på den här sidan är exempel i demodata.*"
)

COMING = (
    EXAMPLE + "En eftermiddag om hur kommuner och företag kan köpa varor och tjänster av sociala företag: "
    "reserverade upphandlingar, direktupphandling och samarbeten.\n\n"
    "- Korta föredrag\n- Samtal med verksamhetsledare\n- Fika och mingel"
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def load(context: dict) -> None:
    platform = context["platform"]
    day = datetime.date(2022, 9, 15)
    seminar = Event.objects.create(
        platform=platform,
        title="Sociala företag konkurrerar på samma villkor",
        slug="sociala-foretag-konkurrerar-pa-samma-villkor",
        kind=Kind.SEMINAR,
        with_fair=True,
        starts_at=_at(day, 9),
        ends_at=_at(day, 15),
        venue="Ludvika (exempel)",
        summary="Seminarium om sociala företag och deras roll i samhället, med en mässa där de lokala "
        "sociala företagen visade upp sina verksamheter.",
        description=SEMINAR_2022,
        capacity=100,
        registration_closes_at=_at(day - datetime.timedelta(days=7), 23, 59),
        is_example=True,
    )
    for enterprise in context.get("enterprises", []):
        # The seed names the enterprises, not their booths.
        Exhibitor.objects.create(event=seminar, enterprise=enterprise)

    today = timezone.localdate()
    start = today + datetime.timedelta(days=30)
    coming = Event.objects.create(
        platform=platform,
        title="Exempel: Köp socialt – seminarium för kommuner och företag",
        slug="exempel-kop-socialt",
        kind=Kind.SEMINAR,
        # A small fair alongside, so that the managers have one to sign up for.
        with_fair=True,
        starts_at=_at(start, 13),
        ends_at=_at(start, 16, 30),
        venue="Exempelhuset",
        room="Stora salen",
        address="Exempelgatan 1, 771 30 Ludvika",
        summary="Exempeltext: hur kommuner och företag kan köpa av sociala företag.",
        description=COMING,
        description_en=(
            "Example text in the demo data. How municipalities and companies can buy from social "
            "enterprises: reserved procurements in practice, and a small fair of the enterprises."
        ),
        capacity=40,
        registration_opens_at=timezone.now() - datetime.timedelta(days=7),
        registration_closes_at=_at(start - datetime.timedelta(days=3), 23, 59),
        is_example=True,
    )
    for time, title, speaker in [
        ("13:00", "Välkomna", "Samordnare, stödplattformen (exempel)"),
        ("13:15", "Reserverade upphandlingar i praktiken", "Upphandlare (exempel)"),
        ("14:15", "Fika och mingel", ""),
        ("14:45", "Samtal: att sälja till kommunen", "Verksamhetsledare (exempel)"),
        ("16:00", "Avslutning", ""),
    ]:
        ProgrammeItem.objects.create(
            event=coming, starts_at=datetime.time.fromisoformat(time), title=title, speaker=speaker
        )
    for n, (name, organisation) in enumerate(
        [
            ("Exempel Andersson", "Exempelkommunen"),
            ("Exempel Berg", "Exempelföretaget AB"),
            ("Exempel Carlsson", "Region (exempel)"),
        ],
        start=1,
    ):
        Registration.objects.create(
            event=coming,
            name=name,
            email=f"deltagare{n}@example.org",
            organisation=organisation,
            status=RegistrationStatus.CONFIRMED,
            key=secrets.token_urlsafe(24),
        )
    context["events"] = [seminar, coming]
