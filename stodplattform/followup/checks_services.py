"""Work on the yearly sustainability check (bärkraftsanalys). Pages, the API and the demo call these.

The manager (or the coordinator) fills in a score 1–5 and a comment for each of the ten
areas, sends it for agreement; the coordinator agrees it or sends it back with a note.
Each step runs in a transaction with its actor recorded in the audit history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from stodplattform.core.audit import acting_as
from stodplattform.core.validators import CONTROL_MESSAGE, has_control_characters

from .models import Area, CheckStatus, Score, SustainabilityCheck

AREAS = [area for area, _label in Area.choices]
# The area's weakness as a support case category and an intervention category (their values,
# read by those forms from the link: capabilities never import each other).
SUPPORT_CATEGORY = {
    "purpose": "business",
    "finances": "financing",
    "organisation": "governance",
    "staff": "hr",
    "participation": "governance",
    "environment": "business",
    "social": "business",
    "management": "administration",
    "work_environment": "hr",
    "market": "market",
}
INTERVENTION_CATEGORY = {
    "purpose": "expert",
    "finances": "expert",
    "organisation": "expert",
    "staff": "competence",
    "participation": "competence",
    "environment": "expert",
    "social": "joint",
    "management": "expert",
    "work_environment": "supervisor",
    "market": "marketing",
}
WEAK = 3  # a score at or below this is offered as a start of support
WEAKEST_SHOWN = 3


def validate_year(enterprise, year) -> None:
    today = timezone.localdate()
    if year is None or year > today.year:
        raise ValidationError({"year": _("The year cannot be in the future.")})
    if year < 2000:
        raise ValidationError({"year": _("Enter a year from 2000 on.")})
    if enterprise.year_founded and year < enterprise.year_founded:
        raise ValidationError(
            {
                "year": _("The enterprise was founded in %(founded)s: choose that year or later.")
                % {"founded": enterprise.year_founded}
            }
        )


def exists_message(year) -> str:
    return _("There is already a check for %(year)s: change that one.") % {"year": year}


def _validate_scores(scores: dict) -> None:
    errors = {}
    for area in AREAS:
        score, comment = scores.get(area, (None, ""))
        if score is None:
            errors[f"score_{area}"] = _("Give a score from 1 to 5.")
        elif not isinstance(score, int) or not 1 <= score <= 5:
            errors[f"score_{area}"] = _("The score is 1, 2, 3, 4 or 5.")
        if len(comment or "") > 2000:
            errors[f"comment_{area}"] = _("At most 2000 characters.")
        elif has_control_characters(comment or "", multiline=True):
            errors[f"comment_{area}"] = CONTROL_MESSAGE
    unknown = set(scores) - set(AREAS)
    if unknown:
        errors["scores"] = _("Unknown area: %(areas)s.") % {"areas": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_check(*, enterprise, year: int, scores: dict, by, submit: bool = False) -> SustainabilityCheck:
    """Create or change a year's check (a draft) with every area's (score, comment).

    ``scores``: {area: (score 1–5, comment)} for all ten areas. An agreed or submitted
    check is not changed here (the coordinator sends it back first).
    """
    validate_year(enterprise, year)
    _validate_scores(scores)
    with acting_as(by):
        check, created = SustainabilityCheck.objects.select_for_update().get_or_create(
            enterprise=enterprise, year=year
        )
        if not created and check.status != CheckStatus.DRAFT:
            raise ValidationError(
                {"year": _("The check for %(year)s has already been sent for agreement.") % {"year": year}}
            )
        existing = {s.area: s for s in check.scores.all()}
        for area in AREAS:
            score, comment = scores[area]
            row = existing.get(area)
            if row is None:
                Score.objects.create(
                    sustainability_check=check, area=area, score=score, comment=(comment or "").strip()
                )
            elif (row.score, row.comment) != (score, (comment or "").strip()):
                row.score, row.comment = score, (comment or "").strip()
                row.save(update_fields=["score", "comment"])
        check.save(update_fields=["updated_at"])
        if submit:
            submit_check(check, by=by)
    return check


@transaction.atomic
def submit_check(check: SustainabilityCheck, *, by) -> SustainabilityCheck:
    """Send a complete draft to the platform's coordinators for agreement."""
    if check.status != CheckStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for agreement."))
    if check.scores.count() != len(AREAS):
        raise ValidationError(_("Give every area a score before sending the check."))
    with acting_as(by):
        check.status = CheckStatus.SUBMITTED
        check.return_note = ""
        check.save(update_fields=["status", "return_note", "updated_at"])
    return check


@transaction.atomic
def agree_check(check: SustainabilityCheck, *, by) -> SustainabilityCheck:
    """The coordinator agrees the check: it is then the year's check and no longer changes."""
    if check.status != CheckStatus.SUBMITTED:
        raise ValidationError(_("Only a check sent for agreement can be agreed."))
    with acting_as(by):
        check.status = CheckStatus.AGREED
        check.agreed_by = by
        check.agreed_at = timezone.now()
        check.save(update_fields=["status", "agreed_by", "agreed_at", "updated_at"])
    return check


@transaction.atomic
def return_check(check: SustainabilityCheck, *, note: str, by) -> SustainabilityCheck:
    """The coordinator sends the check back to the manager as a draft, saying why."""
    if check.status != CheckStatus.SUBMITTED:
        raise ValidationError(_("Only a check sent for agreement can be sent back."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what should be changed.")})
    with acting_as(by):
        check.status = CheckStatus.DRAFT
        check.return_note = note
        check.save(update_fields=["status", "return_note", "updated_at"])
    return check


# -- Reading -----------------------------------------------------------------------


@dataclass
class History:
    """An enterprise's checks over the years, oldest first, as a table: one row per area."""

    checks: list
    rows: list  # [(area value, label, [score or None per check])]

    @property
    def years(self) -> list[int]:
        return [c.year for c in self.checks]


def check_history(enterprise, *, limit: int = 10) -> History:
    """The latest ``limit`` checks (two queries whatever the number of years)."""
    checks = list(
        SustainabilityCheck.objects.filter(enterprise=enterprise)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("area")))
        .order_by("-year")[:limit]
    )
    checks.reverse()
    by_check = [{s.area: s.score for s in c.scores.all()} for c in checks]
    rows = [(area, label, [scores.get(area) for scores in by_check]) for area, label in Area.choices]
    return History(checks=checks, rows=rows)


def weakest_areas(check: SustainabilityCheck | None) -> list[Score]:
    """The check's lowest-scored areas (at most three, score 3 or lower), lowest first."""
    if check is None:
        return []
    scores = sorted((s for s in check.scores.all() if s.score <= WEAK), key=lambda s: (s.score, s.area))
    return scores[:WEAKEST_SHOWN]
