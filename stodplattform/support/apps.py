from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "stodplattform.support"
    label = "support"
    verbose_name = _("Support cases")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import Prospect, SupportCase

        # Only fields without names or free text: the history of a case outlives its purge.
        track(
            SupportCase,
            include_fields=[
                "reference",
                "status",
                "outcome",
                "assignee",
                "category",
                "priority",
                "due_on",
                "confidential",
                "enterprise",
                "prospect",
                "purged_at",
            ],
        )
        track(Prospect, include_fields=["stage", "enterprise", "platform"])
