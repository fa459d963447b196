from django.contrib import admin

from stodplattform.core.admin import AdminInputMixin

from .models import CallApplication, FundingCall, QualityLabel, ReservedEvidence, Tender


@admin.register(FundingCall)
class FundingCallAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["title", "funder", "kind", "deadline", "continuous", "platform", "region"]
    list_filter = ["kind", "continuous"]
    search_fields = ["title", "funder"]
    filter_horizontal = ["municipalities", "regions", "industries"]


@admin.register(Tender)
class TenderAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["title", "buyer", "deadline", "reserved", "platform"]
    filter_horizontal = ["offers"]


admin.site.register(CallApplication)
admin.site.register(ReservedEvidence)
admin.site.register(QualityLabel)
