"""Changes to the enterprise registry. Pages and the API both call these."""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from stodplattform.core.audit import acting_as

from .forms import EnterpriseForm
from .models import Enterprise


def save_enterprise(form: EnterpriseForm, *, by) -> Enterprise:
    """Create or update an enterprise from a valid form; the audit history records ``by``.

    A replaced or cleared image file is deleted once the change is committed.
    """
    with transaction.atomic(), acting_as(by):
        old_image = ""
        if form.instance.pk:
            old_image = (
                Enterprise.objects.filter(pk=form.instance.pk).values_list("image", flat=True).first() or ""
            )
        enterprise = form.save()
        if old_image and old_image != enterprise.image.name:
            storage = enterprise.image.storage
            transaction.on_commit(lambda: storage.delete(old_image))
        return enterprise


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
