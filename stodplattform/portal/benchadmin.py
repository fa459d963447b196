"""The benchmark's yardstick: Django admin's change lists of the tables the signed-in pages list.

bench/run compares each signed-in page's first view with the admin change list of the same
rows (support cases, interventions, meetings, registrations, key figures, funding calls). The
real admin leaves some of these out on purpose (confidential cases and visitors' personal data
are seen on the permission-checked pages only), so this separate admin site exists only when
BENCH_ADMIN is on (bench/run turns it on for its own server) and lets only superusers in.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from stodplattform.events.models import Registration
from stodplattform.financing.models import FundingCall
from stodplattform.followup.models import KeyFigures
from stodplattform.interventions.models import Intervention
from stodplattform.meetings.models import Meeting
from stodplattform.support.models import SupportCase


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


site = BenchAdminSite(name="bench_admin")
# As the real admin: signing in goes through allauth (throttling, second factor).
site.login = secure_admin_login(site.login)


class Listed(admin.ModelAdmin):
    """A change list to measure, and no more: nothing is added, changed or deleted through this
    site, which would pass by the services that keep what depends on the rows (the support
    minutes' monthly sums)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# As one would set them up for these tables: the columns the signed-in lists show, their filters,
# and related rows joined in.
@admin.register(SupportCase, site=site)
class CaseAdmin(Listed):
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


@admin.register(Intervention, site=site)
class InterventionAdmin(Listed):
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
class MeetingAdmin(Listed):
    list_display = ["title", "platform", "kind", "starts_at", "place"]
    list_filter = ["kind"]
    list_select_related = ["platform"]


@admin.register(Registration, site=site)
class RegistrationAdmin(Listed):
    list_display = ["name", "email", "organisation", "event", "status", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["event"]


@admin.register(KeyFigures, site=site)
class KeyFiguresAdmin(Listed):
    list_display = ["enterprise", "year", "status", "net_turnover", "submitted_at", "checked_at"]
    list_filter = ["status", "year"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name"]


@admin.register(FundingCall, site=site)
class FundingCallAdmin(Listed):
    list_display = ["title", "kind", "funder", "platform", "region", "amount_max", "deadline", "continuous"]
    list_filter = ["kind", "continuous"]
    list_select_related = ["platform", "region"]
    search_fields = ["title", "funder"]
