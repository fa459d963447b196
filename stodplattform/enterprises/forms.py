import secrets

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin, formfield_assuming_https
from stodplattform.core.images import clean_image
from stodplattform.core.models import Weekday
from stodplattform.lib.orgnr import normalise as normalise_orgnr
from stodplattform.lib.text import normalise_postcode

from .models import Enterprise, OfferCategory, OpeningException, OpeningHours, Photo, Synonym

# Stored images are scaled down to this on the long side: enough for any screen they appear on.
IMAGE_MAX_SIDE = 2400


def checked_image(image):
    """An uploaded image checked (type, bytes, pixels) and re-encoded, EXIF and all dropped
    (core/images.py, shared with the platforms' logos); anything else as it is."""
    return clean_image(image, max_side=IMAGE_MAX_SIDE)


# The showcase first (what a buyer reads), the registry facts last: the edit page's order.
SHOWCASE_FIELDS = [
    "description",
    "description_en",
    "offers_goods",
    "offers_services",
    "sells_to_private",
    "sells_to_companies",
    "sells_to_public",
    "offers",
    "image",
    "image_alt",
]
CONTACT_FIELDS = [
    "contact_name",
    "contact_role",
    "phone",
    "email",
    "website",
    "social_links",
    "municipality",
    "street_address",
    "postcode",
    "city",
]
FACT_FIELDS = ["name", "org_number", "legal_form", "year_founded", "industries"]
PROFILE_FIELDS = SHOWCASE_FIELDS + CONTACT_FIELDS + FACT_FIELDS
REGISTRY_FIELDS = ["platform", "slug", "status", "is_public"]


class EnterpriseForm(StyledFormMixin, forms.ModelForm):
    """The profile of an enterprise. Coordinators also get the registry fields.

    The same form validates pages and the API, so both give the same messages.
    """

    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS + REGISTRY_FIELDS
        formfield_callback = formfield_assuming_https
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "offers_goods": forms.Textarea(attrs={"rows": 3}),
            "offers_services": forms.Textarea(attrs={"rows": 3}),
            # A plain checkbox list; static/js/sni-picker.js adds a filter box on top.
            "industries": forms.CheckboxSelectMultiple(attrs={"class": "sni-option"}),
            "offers": forms.CheckboxSelectMultiple(),
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "org_number": _(
                "10 digits, for example 556677-8899. Leave empty while the enterprise is not yet registered."
            ),
        }

    def __init__(self, *args, platforms=None, registry=True, random_slug=False, choose=False, **kwargs):
        """``choose``: a new enterprise on a page, where nothing is ticked or chosen in advance."""
        super().__init__(*args, **kwargs)
        # A slug made from the name (not sent by the client); random_slug: after a clash.
        self.slug_generated = False
        self.random_slug = random_slug
        if not registry:
            for name in REGISTRY_FIELDS:
                self.fields.pop(name, None)
        else:
            self.fields["platform"].queryset = platforms
            self.fields["platform"].empty_label = None
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Made from the name if left empty.")
        # Codes rather than database ids, so that the API speaks SCB and SNI codes and slugs.
        self.fields["municipality"].to_field_name = "code"
        self.fields["industries"].to_field_name = "code"
        self.fields["offers"].to_field_name = "code"
        if "platform" in self.fields:
            self.fields["platform"].to_field_name = "slug"
        if self.instance.pk:
            # The instance's initial values are database ids; the fields speak codes and slugs.
            self.initial["municipality"] = self.instance.municipality.code
            self.initial["platform"] = self.instance.platform.slug
        # A checkbox per industry (the mixin styled the list as one control).
        self.fields["industries"].widget.attrs["class"] = "form-check-input"
        self.fields["offers"].widget.attrs["class"] = "form-check-input"
        if choose:
            for name in ("sells_to_private", "sells_to_companies", "sells_to_public", "is_public"):
                if name in self.fields:
                    self.initial[name] = False
            if "status" in self.fields:
                self.fields["status"].choices = [("", _("Choose…")), *self.fields["status"].choices]
                self.initial["status"] = ""
            if "platform" in self.fields and platforms is not None and len(platforms) > 1:
                self.fields["platform"].empty_label = _("Choose…")
            self.fields["municipality"].empty_label = _("Choose…")
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="postal-code")
        self.fields["org_number"].widget.attrs.update(placeholder="NNNNNN-NNNN")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["year_founded"].widget.attrs.update(inputmode="numeric")

    def offer_groups(self):
        """The offer checkboxes grouped by category (places for people, services): [(label, options)]."""
        groups: dict[str, list] = {}
        for option in self["offers"]:
            kind = option.data["value"].instance
            groups.setdefault(kind.category, []).append(option)
        return [(OfferCategory(category).label, options) for category, options in groups.items()]

    def _free_slug(self, name: str) -> str:
        """The name as a slug, numbered if taken ("snickeriet-2").

        Concurrent creates with one name may pick the same free number; the service then
        asks again with random_slug, whose random suffix cannot realistically collide.
        """
        slug = slugify(name)[:70] or "foretag"
        if self.random_slug:
            return f"{slug}-{secrets.token_hex(4)}"
        candidate, n = slug, 2
        taken = Enterprise.objects.exclude(pk=self.instance.pk)
        while taken.filter(slug=candidate).exists():
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.slug_generated:
            # A slug the client never sent must not come back as the client's error: a clash
            # with a concurrent create is the database's to refuse and the service's to retry.
            exclude.add("slug")
        return exclude

    def clean_org_number(self):
        value = self.cleaned_data["org_number"].strip()
        if not value:
            return ""
        normalised = normalise_orgnr(value)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Enter an organisation number as NNNNNN-NNNN with a correct check digit, "
                    "e.g. 556677-8899."
                ),
                code="invalid",
            )
        clash = Enterprise.objects.filter(org_number=normalised)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another enterprise in the registry already has this organisation number."),
                code="unique",
            )
        return normalised

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        normalised = normalise_postcode(value)
        if normalised is None:
            raise forms.ValidationError(
                _("Enter a Swedish postcode of five digits, e.g. 771 30."), code="invalid"
            )
        return normalised

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = "".join(ch for ch in value if ch.isdigit())
        if value and (not all(ch.isdigit() or ch in " +-()" for ch in value) or not 7 <= len(digits) <= 15):
            raise forms.ValidationError(
                _("Enter a phone number of 7–15 digits, e.g. 0240-123 45."), code="invalid"
            )
        return value

    def clean_year_founded(self):
        from django.utils import timezone

        year = self.cleaned_data["year_founded"]
        if year is not None and not 1850 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year between 1850 and this year."), code="invalid")
        return year

    def clean_image(self):
        return checked_image(self.cleaned_data.get("image"))

    def clean_social_links(self):
        value = self.cleaned_data["social_links"].replace("\r\n", "\n")
        validate = URLValidator(schemes=["https", "http"])
        addresses = []
        for line in value.split("\n"):
            line = line.strip()
            if not line:
                continue
            if "://" not in line:
                line = "https://" + line
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _(
                        "“%(line)s” is not a web address. Write one address per line, e.g. "
                        "https://www.facebook.com/snickeriet."
                    ),
                    code="invalid",
                    params={"line": line},
                ) from None
            addresses.append(line)
        return "\n".join(addresses)

    def clean(self):
        data = super().clean()
        # Browsers send text areas with CRLF; store plain newlines so that history shows real changes.
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        if "slug" in self.fields and not data.get("slug") and data.get("name"):
            data["slug"] = self._free_slug(data["name"])
            self.slug_generated = True
        if isinstance(data.get("image"), UploadedFile) and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data


class SynonymForm(StyledFormMixin, forms.ModelForm):
    """A group of words that mean the same in the directory's search."""

    MAX_WORDS = 12

    class Meta:
        model = Synonym
        fields = ["words"]

    def clean_words(self):
        from .search import words as words_of

        parts = [" ".join(p.split()) for p in self.cleaned_data["words"].split(",")]
        parts = [p for p in parts if p]
        unique = []
        for part in parts:
            if not words_of(part):
                raise forms.ValidationError(
                    _("“%(word)s” has no letters or digits; search cannot use it.") % {"word": part},
                    code="no_letters",
                )
            if part.lower() not in [u.lower() for u in unique]:
                unique.append(part)
        if len(unique) < 2:
            raise forms.ValidationError(
                _("Write at least two different words that mean the same, separated by commas."),
                code="too_few",
            )
        if len(unique) > self.MAX_WORDS:
            raise forms.ValidationError(
                _("At most %(max)d words in one group; make another group for the rest.")
                % {"max": self.MAX_WORDS},
                code="too_many",
            )
        return ", ".join(unique)


# -- The showcase's opening hours and photos: inline formsets on the edit page ----------------


def _time_input():
    return forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {"opens": _time_input(), "closes": _time_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday"].widget.attrs["class"] = "form-select"
        self.fields["weekday"].choices = [("", _("Choose day")), *self.fields["weekday"].choices[1:]]

    def has_changed(self):
        # A new row with its day but no times is an empty row of the week (the day is closed).
        if self.instance.pk is None and not (self["opens"].value() or self["closes"].value()):
            return False
        return super().has_changed()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return data


class OpeningExceptionForm(forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "closed": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "opens": _time_input(),
            "closes": _time_input(),
            "note": forms.TextInput(attrs={"class": "form-control"}),
        }

    def clean_date(self):
        from django.utils import timezone

        day = self.cleaned_data["date"]
        if day and day < timezone.localdate() and "date" in self.changed_data:
            raise forms.ValidationError(_("The date has passed. Give today's date or a later one."))
        return day

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if data.get("closed"):
            data["opens"] = data["closes"] = None
        elif "opens" not in self.errors and "closes" not in self.errors:
            if not opens or not closes:
                self.add_error("opens", _("Give the opening and closing times, or tick “closed all day”."))
            elif closes <= opens:
                self.add_error("closes", _("The closing time must be after the opening time."))
        return data


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "description", "position"]
        widgets = {
            "image": forms.FileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp", "class": "form-control"}
            ),
            "description": forms.TextInput(attrs={"class": "form-control"}),
            "position": forms.NumberInput(attrs={"class": "form-control", "min": 0, "inputmode": "numeric"}),
        }

    def clean_image(self):
        return checked_image(self.cleaned_data.get("image"))


class _ShowcaseFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self):
        """The forms that will be saved: filled in, valid, not marked for deletion."""
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and not form.errors
        ]

    def mark_invalid(self):
        for form in self.forms:
            for name in form.errors:
                if name in form.fields:
                    form.fields[name].widget.attrs["aria-invalid"] = "true"
                    form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].auto_id}_error"


class BaseOpeningHoursFormSet(_ShowcaseFormSet):
    """The week at a glance: every day's intervals and one empty row per day, all in one save.

    A day without times is closed; a second row on a day is a lunch break. "Same as Monday"
    (a box per day, and one for Tuesday–Friday at once) replaces that day's rows with Monday's
    on saving: it works without JavaScript (static/enterprises/opening-hours.js only shows it at once).
    """

    # Unbound: one empty row for every day, so that a whole week (and split days) takes one save.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = len(Weekday.values)
            self.initial_extra = [{"weekday": day} for day in Weekday.values]

    def same_as_monday(self) -> set[int]:
        """The days ticked "same as Monday" (Tuesday–Sunday), with "copy to weekdays" as Tuesday–Friday."""
        if not self.is_bound:
            return set()
        days = {
            int(v)
            for v in self.data.getlist(f"{self.prefix}-same_as_monday")
            if v in {"1", "2", "3", "4", "5", "6"}
        }
        if self.data.get(f"{self.prefix}-copy_to_weekdays"):
            days |= {1, 2, 3, 4}
        return days

    def week(self) -> list[dict]:
        """The forms grouped by day, Monday first, for the template."""
        days = {day: {"value": day, "label": label, "forms": []} for day, label in Weekday.choices}
        for form in self.forms:
            value = form["weekday"].value()
            try:
                days[int(value)]["forms"].append(form)
            except (TypeError, ValueError, KeyError):
                days[0]["forms"].append(form)  # cannot happen from the page; kept visible anyway
        ticked = self.same_as_monday()
        for day in days.values():
            day["same_as_monday"] = day["value"] in ticked
        return list(days.values())

    def _monday(self):
        return sorted(
            (f.cleaned_data["opens"], f.cleaned_data["closes"])
            for f in self.kept_forms()
            if f.cleaned_data.get("weekday") == Weekday.MONDAY and f.cleaned_data.get("opens")
        )

    def save(self, commit=True):
        saved = super().save(commit=commit)
        days = self.same_as_monday()
        if commit and days:
            monday = self._monday()
            OpeningHours.objects.filter(enterprise=self.instance, weekday__in=days).delete()
            for day in sorted(days):
                for opens, closes in monday:
                    OpeningHours.objects.create(
                        enterprise=self.instance, weekday=day, opens=opens, closes=closes
                    )
        return saved

    def clean(self):
        super().clean()
        by_day = {}
        copied = self.same_as_monday()  # replaced by Monday's rows on saving
        for form in self.kept_forms():
            data = form.cleaned_data
            if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
                continue
            if data["weekday"] in copied:
                continue
            by_day.setdefault(data["weekday"], []).append(form)
        for forms_of_day in by_day.values():
            forms_of_day.sort(key=lambda f: f.cleaned_data["opens"])
            for before, after in zip(forms_of_day, forms_of_day[1:], strict=False):
                if after.cleaned_data["opens"] < before.cleaned_data["closes"]:
                    after.add_error(
                        "opens",
                        _("Overlaps with %(opens)s–%(closes)s the same day. Join them or change the times.")
                        % {
                            "opens": before.cleaned_data["opens"].strftime("%H:%M"),
                            "closes": before.cleaned_data["closes"].strftime("%H:%M"),
                        },
                    )
        self.mark_invalid()
        if self.same_as_monday() and not self._monday():
            raise forms.ValidationError(
                _("Give Monday's hours first: the days marked “same as Monday” copy them.")
            )


class BaseOpeningExceptionFormSet(_ShowcaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.kept_forms():
            day = form.cleaned_data.get("date")
            if day in seen:
                form.add_error("date", _("This date is already listed once. Keep one row per date."))
            seen.add(day)
        self.mark_invalid()


class BasePhotoFormSet(_ShowcaseFormSet):
    def clean(self):
        super().clean()
        self.mark_invalid()


OpeningHoursFormSet = forms.inlineformset_factory(
    Enterprise,
    OpeningHours,
    form=OpeningHoursForm,
    formset=BaseOpeningHoursFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
OpeningExceptionFormSet = forms.inlineformset_factory(
    Enterprise,
    OpeningException,
    form=OpeningExceptionForm,
    formset=BaseOpeningExceptionFormSet,
    extra=1,
    can_delete=True,
    max_num=100,
    validate_max=True,
)
PhotoFormSet = forms.inlineformset_factory(
    Enterprise,
    Photo,
    form=PhotoForm,
    formset=BasePhotoFormSet,
    extra=2,
    can_delete=True,
    max_num=12,
    validate_max=True,
)


def showcase_formsets(data=None, files=None, *, instance, today=None) -> dict:
    """The edit page's formsets, by prefix. Past exceptions are not shown (they stay in the history).

    Bound to ``data``, only the formsets whose management form was sent: a client that sends
    the profile's fields alone leaves hours and photos as they are.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    exceptions = OpeningException.objects.filter(date__gte=today) if instance.pk else None
    makers = {
        "hours": lambda d, f: OpeningHoursFormSet(d, instance=instance, prefix="hours"),
        "exceptions": lambda d, f: OpeningExceptionFormSet(
            d, instance=instance, prefix="exceptions", queryset=exceptions
        ),
        "photos": lambda d, f: PhotoFormSet(d, f, instance=instance, prefix="photos"),
    }
    if data is None:
        return {prefix: make(None, None) for prefix, make in makers.items()}
    return {prefix: make(data, files) for prefix, make in makers.items() if f"{prefix}-TOTAL_FORMS" in data}
