"""The benchmark's yardstick: Django admin's change lists of the tables the signed-in pages list.

bench/run compares each signed-in page's first view with the admin change list of the same
rows (support cases, interventions, meetings, registrations, key figures, funding calls). The
real admin leaves some of these out on purpose (confidential cases and visitors' personal data
are seen on the permission-checked pages only), so this separate admin site exists only when
BENCH_ADMIN is on (bench/run turns it on for its own server) and lets only superusers in.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db import transaction

from stodplattform.events.models import Registration
from stodplattform.financing.models import FundingCall
from stodplattform.followup.models import KeyFigures
from stodplattform.interventions.models import Intervention
from stodplattform.meetings.models import Meeting
from stodplattform.support.models import SupportCase
from stodplattform.support.services import sum_case_minutes


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


site = BenchAdminSite(name="bench_admin")
# As the real admin: signing in goes through allauth (throttling, second factor).
site.login = secure_admin_login(site.login)


# As one would set them up for these tables: the columns the signed-in lists show, their filters,
# and related rows joined in.
@admin.register(SupportCase, site=site)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "status",
        "category",
        "enterprise",
        "assignee",
        "opened_on",
        "due_on",
    ]
    list_filter = ["status", "category", "priority"]
    list_select_related = ["enterprise", "assignee"]
    search_fields = ["reference", "title"]

    # A change or a deletion here past the services still keeps the minutes' monthly sums of
    # the platforms it touches (summed anew whole: this site is the benchmark's, not for work).
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            sum_case_minutes(platform_ids={obj.platform_id, form.initial.get("platform", obj.platform_id)})

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            sum_case_minutes(platform_ids=[obj.platform_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            platform_ids = set(queryset.values_list("platform_id", flat=True))
            super().delete_queryset(request, queryset)
            sum_case_minutes(platform_ids=platform_ids)


@admin.register(Intervention, site=site)
class InterventionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "platform",
        "status",
        "category",
        "requested_amount",
        "approved_amount",
        "starts_on",
    ]
    list_filter = ["status", "category"]
    list_select_related = ["platform"]


@admin.register(Meeting, site=site)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "kind", "starts_at", "place"]
    list_filter = ["kind"]
    list_select_related = ["platform"]


@admin.register(Registration, site=site)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "status", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["event"]


@admin.register(KeyFigures, site=site)
class KeyFiguresAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "year", "status", "net_turnover", "submitted_at", "checked_at"]
    list_filter = ["status", "year"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name"]


@admin.register(FundingCall, site=site)
class FundingCallAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "funder", "platform", "region", "amount_max", "deadline", "continuous"]
    list_filter = ["kind", "continuous"]
    list_select_related = ["platform", "region"]
    search_fields = ["title", "funder"]
