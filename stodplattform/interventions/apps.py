from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "stodplattform.interventions"
    label = "interventions"
    verbose_name = _("Targeted interventions and budget")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import Attachment, Budget, CategoryAmount, Decision, Expense, Intervention

        track(Budget)
        track(CategoryAmount)
        track(Intervention, m2m_fields={"enterprises"})
        track(Decision)
        track(Expense)
        track(Attachment)
