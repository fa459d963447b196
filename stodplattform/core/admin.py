"""What the project's admin pages share: junk typed or linked never gives a server error, and a
link typed without a scheme gets https://."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


def _taken(field, value) -> tuple[bool, object]:
    """(whether ``field`` takes ``value``, the value as the field holds it)."""
    try:
        return True, field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False, None


class _ChosenWhereTaken:
    """An autocomplete list that shows as chosen only the values its related field can take.

    Django's looks up every value sent back with an invalid form as it is: ``user=abc`` (or a
    NUL byte) made that look-up fail with a server error instead of showing the field's error.
    """

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        to_field = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        return super().optgroups(name, [v for v in value if _taken(to_field, v)[0]], attr)


class _Autocomplete(_ChosenWhereTaken, AutocompleteSelect):
    pass


class _AutocompleteMultiple(_ChosenWhereTaken, AutocompleteSelectMultiple):
    pass


class AdminInputMixin:
    """For every ModelAdmin and inline of the project (the ones of the benchmark's yardstick aside).

    * An add page is prefilled from its address (``?platform=3``) only with what the fields
      take: Django passed ``?user=abc``, a NUL byte or a date as text to the widgets as it was,
      and they failed with a server error. Such a value is left out; a date is given as a date.
    * An autocomplete list sent back with junk shows the field's error, not a server error.
    * A link typed without a scheme gets https://, as in the project's own forms.
    """

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kept = {}
        for name, value in initial.items():
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                kept[name] = value  # a field of the admin's own form: the form reads it
                continue
            reads = field.target_field if field.is_relation else field
            taken = [_taken(reads, v) for v in (value if isinstance(value, list) else [value])]
            if all(ok for ok, _v in taken):
                converted = [v for _ok, v in taken]
                kept[name] = (
                    value if field.is_relation else (converted if isinstance(value, list) else converted[0])
                )
        return kept

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _Autocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _AutocompleteMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
