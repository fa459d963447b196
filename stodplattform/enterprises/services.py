"""Changes to the enterprise registry. Pages and the API both call these."""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from stodplattform.core.audit import acting_as
from stodplattform.platforms.models import Membership

from .forms import EnterpriseForm
from .models import Enterprise


def save_enterprise(form: EnterpriseForm, *, by) -> Enterprise:
    """Create or update an enterprise from a valid form; the audit history records ``by``.

    Saving the profile also confirms that it is current.
    """
    with transaction.atomic(), acting_as(by):
        form.instance.reviewed_at = timezone.now()
        enterprise = form.save()
        # A manager's role follows the enterprise to its new platform.
        for membership in Membership.objects.filter(enterprise=enterprise).exclude(
            platform=enterprise.platform
        ):
            membership.platform = enterprise.platform
            membership.save(update_fields=["platform"])
        return enterprise


def confirm_profile(enterprise: Enterprise, *, by) -> None:
    """Record that someone who keeps the profile has read it and found it current."""
    with transaction.atomic(), acting_as(by):
        enterprise.reviewed_at = timezone.now()
        enterprise.save(update_fields=["reviewed_at", "updated_at"])


def validate_and_save(
    make_form: Callable[[bool], EnterpriseForm], *, by
) -> tuple[Enterprise | None, EnterpriseForm]:
    """(enterprise, form) once saved, or (None, form with errors) for bad input.

    The form checks that slug and org number are free, but a concurrent request may take
    them between the check and the save; the database's constraint then refuses, and a
    second validation (``make_form(True)``, on fresh data) sees the clash or finds the
    next free slug.
    """
    form = make_form(False)
    if not form.is_valid():
        return None, form
    try:
        return save_enterprise(form, by=by), form
    except IntegrityError:
        form = make_form(True)
        if not form.is_valid():
            return None, form
        return save_enterprise(form, by=by), form
