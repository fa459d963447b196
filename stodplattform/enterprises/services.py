"""Changes to the enterprise registry. Pages and the API both call these."""

from collections.abc import Callable, Mapping

from django.db import IntegrityError, transaction
from django.forms import BaseFormSet
from django.utils import timezone
from django.utils.translation import gettext as _

from stodplattform.core.audit import acting_as
from stodplattform.platforms.models import Membership

from .forms import EnterpriseForm, SynonymForm
from .models import Enterprise, Photo, Synonym


def save_enterprise(
    form: EnterpriseForm, *, by, formsets: Mapping[str, BaseFormSet] | None = None
) -> Enterprise:
    """Create or update an enterprise from a valid form; the audit history records ``by``.

    ``formsets``: the showcase's valid inline formsets (opening hours, exceptions, photos),
    saved in the same transaction. Saving the profile also confirms that it is current.
    Rewriting the description ends the demo data's "example text" note. A replaced or cleared
    image or photo file is deleted once the change is committed; files of a refused save too.
    """
    formsets = formsets or {}
    written: list[tuple] = []
    try:
        return _save_enterprise(form, by=by, formsets=formsets, written=written)
    except IntegrityError:
        for storage, name in written:
            storage.delete(name)
        raise


def _old_photo_files(formset) -> list[tuple]:
    """(storage, name) of the photos this formset deletes or replaces."""
    old = []
    for photo_form in formset.forms:
        photo = photo_form.instance
        if not photo.pk:
            continue
        if formset._should_delete_form(photo_form) or "image" in photo_form.changed_data:
            name = Photo.objects.filter(pk=photo.pk).values_list("image", flat=True).first()
            if name:
                old.append((photo.image.storage, name))
    return old


def _save_enterprise(form, *, by, formsets, written) -> Enterprise:
    with transaction.atomic(), acting_as(by):
        old_image = ""
        if form.instance.pk:
            old_image = (
                Enterprise.objects.filter(pk=form.instance.pk).values_list("image", flat=True).first() or ""
            )
        form.instance.reviewed_at = timezone.now()
        if form.instance.pk and "description" in form.changed_data:
            form.instance.is_example = False
        try:
            enterprise = form.save()
        finally:
            # The file is written before the row; if the row is refused, the retry writes its own.
            new_image = form.instance.image.name
            if new_image and new_image != old_image:
                written.append((form.instance.image.storage, new_image))
        if old_image and old_image != enterprise.image.name:
            storage = enterprise.image.storage
            transaction.on_commit(lambda: storage.delete(old_image))
        for formset in formsets.values():
            old_files = _old_photo_files(formset) if formset.model is Photo else []
            formset.instance = enterprise
            saved = formset.save()
            for item in saved:
                if isinstance(item, Photo):
                    written.append((item.image.storage, item.image.name))
            for storage, name in old_files:
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
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
    make_form: Callable[..., EnterpriseForm],
    *,
    by,
    make_formsets: Callable[[Enterprise], dict] | None = None,
    attempts: int = 5,
) -> tuple[Enterprise | None, EnterpriseForm]:
    """(enterprise, form) once saved, or (None, form with errors) for bad input. Never raises
    IntegrityError.

    The form checks that slug and org number are free, but a concurrent request may take
    them between the check and the save; the database's constraint then refuses, and a
    new validation (``make_form(retry=True, random_slug=...)``, on fresh data) sees the clash
    as a field error or finds another slug. A slug made from the name gets a random suffix
    from the second retry on, so concurrent creates with one name all succeed.

    ``make_formsets(instance)``: the showcase's formsets for the form's instance; all are
    validated with the form (so every message shows at once) and saved with it, or none is.
    The formsets made are put on the returned form as ``form.formsets``.
    """

    def build(**kwargs):
        new = make_form(**kwargs)
        new.formsets = make_formsets(new.instance) if make_formsets else {}
        return new

    form = build(retry=False, random_slug=False)
    for attempt in range(attempts):
        valid = form.is_valid()
        # Every formset is validated, so that all the messages show at once.
        formsets_valid = [formset.is_valid() for formset in form.formsets.values()]
        valid = valid and all(formsets_valid)
        if not valid:
            return None, form
        try:
            return save_enterprise(form, by=by, formsets=form.formsets), form
        except IntegrityError:
            form = build(retry=True, random_slug=attempt >= 1)
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
