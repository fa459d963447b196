import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.core.models import ScopedQuerySet, TranslatedDescription, Weekday
from stodplattform.lib.text import lines
from stodplattform.platforms import access
from stodplattform.platforms.models import Municipality, Platform, Role

# A profile not confirmed for this long is flagged to the people who keep it (the
# national register Sofisam closed in 2020 because nobody kept it current).
REVIEW_INTERVAL_DAYS = 365


class Industry(models.Model):
    """An SNI 2007 industry code (svensk näringsgrensindelning), e.g. 47.791."""

    code = models.CharField(_("SNI code"), max_length=6, unique=True)
    name = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self):
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "sv").startswith("en") else self.name


class OfferCategory(models.TextChoices):
    """What an enterprise offers the public sector: places for people, or a service to buy."""

    PLACES = "places", _("Places for people")
    SERVICE = "service", _("Services")


class OfferKind(models.Model):
    """A kind of thing an enterprise offers the public sector (reference data, kept in the admin):
    work training places, placements, daily activity, or a service such as cleaning or catering.

    ``synonyms`` are the everyday words a buyer types ("städ, lokalvård"); they go into the
    search document of every enterprise that offers the kind, so that they find it.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=OfferCategory.choices)
    name = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    synonyms = models.CharField(
        _("everyday words"),
        max_length=500,
        blank=True,
        help_text=_("Other words people search with, separated by commas, in Swedish and English."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of offer")
        verbose_name_plural = _("kinds of offer")
        ordering = ["category", "position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "sv").startswith("en") else self.name

    def search_words(self) -> list[str]:
        return [self.name, self.name_en, self.synonyms]


class LegalForm(models.TextChoices):
    ECONOMIC_ASSOCIATION = "ek", _("Economic association (ekonomisk förening)")
    LIMITED_COMPANY = "ab", _("Limited company (aktiebolag)")
    SVB_COMPANY = "svb", _("Limited company with restricted profit distribution (SVB)")
    NON_PROFIT = "ideell", _("Non-profit association (ideell förening)")
    FOUNDATION = "stiftelse", _("Foundation (stiftelse)")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    STARTUP = "startup", _("Start-up")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


def review_due_q() -> Q:
    """Enterprise.review_due in SQL: the profile not confirmed (or, never confirmed, not created) in a year."""
    cutoff = timezone.now() - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return Q(reviewed_at__lt=cutoff) | Q(reviewed_at__isnull=True) & (
        Q(created_at__isnull=True) | Q(created_at__lt=cutoff)
    )


def public_q() -> Q:
    """What the public directory shows: published, on a public platform, not only an idea.

    Enterprise.is_listed is the same rule for one loaded row.
    """
    return Q(is_public=True, platform__is_public=True) & ~Q(status=Status.IDEA)


# Who sees all of a platform's enterprises behind login (visible_to).
SEEING_ROLES = frozenset({Role.COORDINATOR, Role.STEERING})


class EnterpriseQuerySet(ScopedQuerySet):
    def public(self):
        """What the public directory shows (public_q)."""
        return self.filter(public_q())

    def scope(self, user) -> Q:
        """Enterprises a signed-in user works with: their platforms' and the ones they manage.

        Coordinators and steering members see all of their platforms' enterprises;
        co-opted support people see only what they are assigned to (cases, meetings),
        so here they see what the public sees. The public reaches enterprises through
        public(); this is for pages behind login.
        """
        return self.works_with(user, SEEING_ROLES)

    def editable_by(self, user):
        return self.scoped(user, lambda user: self.works_with(user, {Role.COORDINATOR}))

    def reachable_by(self, user):
        """Listed enterprises plus those the user works with: what pages and API may show.

        Conditions on the table itself rather than two IN subqueries: so the database walks the
        name index and stops after a page (the API's first page of 5 000 took 35 ms on SQLite).
        """
        if not getattr(user, "is_authenticated", False):
            return self.filter(public_q())
        if user.is_superuser:
            return self
        return self.filter(public_q() | self.works_with(user, SEEING_ROLES))

    @staticmethod
    def works_with(user, roles) -> Q:
        """The enterprises of the platforms where the user holds one of ``roles``, and those they manage."""
        return Q(platform_id__in=access.platforms_with_role(user, roles)) | Q(
            pk__in=access.managed_enterprise_ids(user)
        )

    def search(self, text: str):
        """Enterprises matching ``text`` the way people mean it (see ``search.py``), annotated with
        ``search_rank``; the parsed query rides along as ``search_query`` for highlighting."""
        text = (text or "").strip()
        if not text:
            return self
        from .search import search_queryset

        return search_queryset(self, text)

    def ranked(self):
        """Most relevant first when searching, otherwise by name."""
        if self.search_query is not None and "search_rank" in self.query.annotations:
            return self.order_by("-search_rank", "name", "pk")
        return self.order_by("name", "pk")

    # The parsed search query follows the queryset through filter(), order_by(), slicing.
    search_query = None

    def _clone(self):
        clone = super()._clone()
        clone.search_query = self.search_query
        return clone


def enterprise_image_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"enterprises/{instance.slug}-{timezone.now():%Y%m%d%H%M%S}.{ext}"


class Enterprise(TranslatedDescription, models.Model):
    """A work-integrating social enterprise (arbetsintegrerande socialt företag)."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("platform")
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("NNNNNN-NNNN. Leave empty while the enterprise is not yet registered."),
    )
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("municipality")
    )
    street_address = models.CharField(_("visiting address"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    city = models.CharField(_("town"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries (SNI)"), blank=True, related_name="enterprises"
    )
    offers = models.ManyToManyField(
        OfferKind,
        verbose_name=_("offers to the public sector"),
        blank=True,
        related_name="enterprises",
        help_text=_("Work training, placements, daily activity and the services public buyers can buy."),
    )
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IDEA)
    description = models.TextField(_("public description"), max_length=4000, blank=True)
    description_en = models.TextField(
        _("public description in English"),
        max_length=4000,
        blank=True,
        help_text=_("Optional. Shown on the English pages; without it they show the Swedish text."),
    )
    offers_goods = models.TextField(
        _("goods for sale"), max_length=2000, blank=True, help_text=_("One per line.")
    )
    offers_services = models.TextField(
        _("services for sale"), max_length=2000, blank=True, help_text=_("One per line.")
    )
    sells_to_private = models.BooleanField(_("sells to private persons"), default=True)
    sells_to_companies = models.BooleanField(_("sells to companies"), default=False)
    sells_to_public = models.BooleanField(_("sells to the public sector"), default=False)
    contact_name = models.CharField(
        _("contact person"), max_length=100, blank=True, help_text=_("Whom a buyer asks for.")
    )
    contact_role = models.CharField(
        _("contact person's role"), max_length=100, blank=True, help_text=_("E.g. manager, shop manager.")
    )
    social_links = models.TextField(
        _("social media"),
        max_length=1000,
        blank=True,
        help_text=_("Addresses of your pages on Facebook, Instagram, LinkedIn and the like; one per line."),
    )
    image = models.ImageField(_("logo or photo"), upload_to=enterprise_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    is_example = models.BooleanField(
        _("example text"),
        default=False,
        help_text=_("Demo data: parts of the profile are made-up examples."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_at = models.DateTimeField(
        _("profile last confirmed"),
        null=True,
        blank=True,
        help_text=_("When someone who keeps the profile last saved it or confirmed that it is current."),
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        # Lists by name (the directory, the API, the start page) read a page from the index
        # instead of sorting every enterprise.
        indexes = [models.Index(fields=["name", "id"], name="enterprise_name_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="enterprise_unique_org_number"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises-detail", args=[self.slug])

    @property
    def goods_list(self):
        return lines(self.offers_goods)

    @property
    def services_list(self):
        return lines(self.offers_services)

    @property
    def first_offers(self):
        """The first goods and services, for the directory's card."""
        return (self.goods_list + self.services_list)[:3]

    @property
    def more_offers(self) -> int:
        return max(0, len(self.goods_list) + len(self.services_list) - 3)

    @property
    def offered_places(self):
        """The kinds of places for people offered (prefetch ``offers``)."""
        return [o for o in self.offers.all() if o.category == OfferCategory.PLACES]

    @property
    def offered_services(self):
        return [o for o in self.offers.all() if o.category == OfferCategory.SERVICE]

    @property
    def card_photo(self):
        """(url, description) of the picture on the card: the image, else the first photo (prefetched)."""
        if self.image:
            return self.image.url, self.image_alt
        photos = list(self.photos.all())
        return (photos[0].image.url, photos[0].description) if photos else None

    @property
    def buyers(self) -> list:
        return [
            label
            for flag, label in (
                (self.sells_to_private, _("Private persons")),
                (self.sells_to_companies, _("Companies")),
                (self.sells_to_public, _("The public sector")),
            )
            if flag
        ]

    @property
    def last_updated(self):
        """When the profile was last saved or confirmed as current."""
        return max(filter(None, [self.updated_at, self.reviewed_at]), default=None)

    @property
    def social_list(self):
        return lines(self.social_links)

    @property
    def review_due(self) -> bool:
        """The public profile has not been confirmed within the last year."""
        last = self.reviewed_at or self.created_at
        return last is None or timezone.now() - last > datetime.timedelta(days=REVIEW_INTERVAL_DAYS)

    @property
    def is_listed(self):
        return self.is_public and self.platform.is_public and self.status != Status.IDEA


class SearchDocument(models.Model):
    """An enterprise's text as the search reads it: reduced words (``search.document_texts``).

    Kept current by ``search.update_document`` (signals in ``signals.py``: it is an index, like a
    cache). On PostgreSQL a generated ``tsvector`` column ``vector`` with a GIN index, on SQLite an
    FTS5 table kept by triggers; both are made by migration 0004 only on their own database.
    """

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    name = models.TextField(blank=True)
    offers = models.TextField(blank=True)
    body = models.TextField(blank=True)

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """A word found in some search document: the vocabulary that typos are corrected against."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term


class Synonym(models.Model):
    """Words that mean the same in a search, kept by a platform's coordinators: "loppis, second hand"."""

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="search_synonyms", verbose_name=_("platform")
    )
    words = models.CharField(
        _("words that mean the same"),
        max_length=300,
        help_text=_("Separate them with commas, e.g. loppis, second hand, secondhand."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["words"]

    def __str__(self):
        return self.words

    @property
    def word_list(self) -> list[str]:
        return [w.strip() for w in self.words.split(",") if w.strip()]

    def get_additional_data(self):
        # The platform goes into every audit entry, so a removed group stays in the platform's history.
        return {"platform_id": self.platform_id}


class ShowcasePart(models.Model):
    """A part of an enterprise's showcase; its changes show in the enterprise's history."""

    class Meta:
        abstract = True

    def get_additional_data(self):
        # django-auditlog stores this with each log entry, so that the enterprise's history can
        # find the entries of its photos and hours, deleted ones too.
        return {"enterprise_id": self.enterprise_id}


def enterprise_photo_path(instance, filename):
    # Public, like the enterprise's image: photos are shown on the public showcase page.
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"enterprises/{instance.enterprise.slug}-photo-{timezone.now():%Y%m%d%H%M%S%f}.{ext}"


class Photo(ShowcasePart):
    """One of the photos on the showcase page, in the order the enterprise chose."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="photos", verbose_name=_("enterprise")
    )
    image = models.ImageField(_("photo"), upload_to=enterprise_photo_path)
    description = models.CharField(
        _("photo description"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description


# schema.org's names of the days (openingHoursSpecification.dayOfWeek).
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class OpeningHours(ShowcasePart):
    """One interval on a weekday when the enterprise is open; a day may have several."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("enterprise")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_hours_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(ShowcasePart):
    """A date with other hours than usual, or closed: a holiday, a stock-taking day."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="opening_exceptions", verbose_name=_("enterprise")
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("E.g. Christmas Eve."))

    class Meta:
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "date"], name="opening_exception_one_per_date"),
        ]

    def __str__(self):
        if self.closed:
            return f"{self.date:%Y-%m-%d} " + str(pgettext_lazy("opening hours", "closed"))
        return f"{self.date:%Y-%m-%d} {self.opens:%H:%M}–{self.closes:%H:%M}"
