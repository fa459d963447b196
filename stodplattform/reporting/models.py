"""What the coordinator enters for the yearly report to the funder, per platform and year.

The figures themselves are computed (``figures.py``); this holds what no capability records:
the platform's own running cost (staff time and other costs), the people it planned to
reach (women, men, other/not stated), and the coordinator's text (at most about two A4 pages).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stodplattform.platforms.models import Platform

# The coordinator's text fills at most two A4 pages of the PDF (report_pdf.html: 9.5 pt, a line
# of about 95 characters of ordinary text, 106 lines from the heading to the foot of page two,
# measured). Two limits, both told next to the field: the characters, and the lines as printed,
# since every line break (and empty line) starts a line of its own: 7 000 characters in short
# paragraphs took three pages.
TEXT_MAX_LENGTH = 7000
TEXT_MAX_LINES = 100
# Counted as if a line held this many characters (fewer than it does): the count is never below
# the lines the PDF uses for ordinary text.
TEXT_LINE_CHARS = 90


def printed_lines(text: str) -> int:
    """The lines ``text`` takes in the report's PDF, at most: each line as typed (an empty one
    too) takes one printed line per started TEXT_LINE_CHARS characters."""
    return sum(max(1, -(-len(line) // TEXT_LINE_CHARS)) for line in text.splitlines())


class FunderReport(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    staff_hours = models.DecimalField(
        _("staff time (hours)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The platform's own staff time during the year, in hours."),
    )
    staff_cost = models.DecimalField(
        _("staff cost (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    other_costs = models.DecimalField(
        _("other costs (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Premises, travel, material and other running costs of the platform itself."),
    )
    # The people the platform planned to reach, by gender as the funder's follow-up counts them.
    people_planned_women = models.PositiveIntegerField(
        _("people planned to be reached: women"), null=True, blank=True
    )
    people_planned_men = models.PositiveIntegerField(
        _("people planned to be reached: men"), null=True, blank=True
    )
    people_planned_other = models.PositiveIntegerField(
        _("people planned to be reached: other/not stated"), null=True, blank=True
    )
    text = models.TextField(
        _("the coordinator's account"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("What was done, what came of it and what is next: at most about two pages."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report to the funder")
        verbose_name_plural = _("reports to the funder")
        ordering = ["platform", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="funder_report_one_per_platform_year")
        ]

    def __str__(self):
        return f"{self.platform} {self.year}"

    @property
    def people_planned(self) -> int | None:
        """The three planned counts together; None when none is given."""
        counts = (self.people_planned_women, self.people_planned_men, self.people_planned_other)
        if all(n is None for n in counts):
            return None
        return sum(n or 0 for n in counts)

    @property
    def running_cost(self):
        if self.staff_cost is None and self.other_costs is None:
            return None
        return (self.staff_cost or 0) + (self.other_costs or 0)
