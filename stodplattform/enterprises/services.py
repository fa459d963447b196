"""Changes to the enterprise registry. Pages and the API both call these."""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stodplattform.core.audit import acting_as
from stodplattform.platforms.models import Membership

from .forms import EnterpriseForm, SynonymForm
from .models import Enterprise, Synonym


def save_enterprise(form: EnterpriseForm, *, by) -> Enterprise:
    """Create or update an enterprise from a valid form; the audit history records ``by``.

    Saving the profile also confirms that it is current. A replaced or cleared image file is
    deleted once the change is committed.
    """
    with transaction.atomic(), acting_as(by):
        old_image = ""
        if form.instance.pk:
            old_image = (
                Enterprise.objects.filter(pk=form.instance.pk).values_list("image", flat=True).first() or ""
            )
        form.instance.reviewed_at = timezone.now()
        try:
            enterprise = form.save()
        except IntegrityError:
            # The file was written before the row was refused; the retry writes its own.
            new_image = form.instance.image.name
            if new_image and new_image != old_image:
                form.instance.image.storage.delete(new_image)
            raise
        if old_image and old_image != enterprise.image.name:
            storage = enterprise.image.storage
            transaction.on_commit(lambda: storage.delete(old_image))
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
    make_form: Callable[..., EnterpriseForm], *, by, attempts: int = 5
) -> tuple[Enterprise | None, EnterpriseForm]:
    """(enterprise, form) once saved, or (None, form with errors) for bad input. Never raises
    IntegrityError.

    The form checks that slug and org number are free, but a concurrent request may take
    them between the check and the save; the database's constraint then refuses, and a
    new validation (``make_form(retry=True, random_slug=...)``, on fresh data) sees the clash
    as a field error or finds another slug. A slug made from the name gets a random suffix
    from the second retry on, so concurrent creates with one name all succeed.
    """
    form = make_form(retry=False, random_slug=False)
    for attempt in range(attempts):
        if not form.is_valid():
            return None, form
        try:
            return save_enterprise(form, by=by), form
        except IntegrityError:
            form = make_form(retry=True, random_slug=attempt >= 1)
    form.is_valid()
    form.add_error(None, _("Someone saved at the same moment. Check the values and save again."))
    return None, form


def save_synonym(form: SynonymForm, *, platform, by) -> Synonym:
    """Add or change a group of search synonyms of ``platform``; the audit history records ``by``."""
    with transaction.atomic(), acting_as(by):
        form.instance.platform = platform
        return form.save()


def delete_synonym(synonym: Synonym, *, by) -> None:
    """Remove a group of search synonyms; the audit history keeps what it said and who removed it."""
    with transaction.atomic(), acting_as(by):
        synonym.delete()
