from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "stodplattform.interventions"
    label = "interventions"
    verbose_name = _("Targeted interventions and budget")

    def ready(self):
        from stodplattform.core.audit import track
        from stodplattform.meetings.services import also_numbered

        from .models import Attachment, Budget, CategoryAmount, Decision, Expense, Intervention

        track(Budget)
        track(CategoryAmount)
        track(Intervention, m2m_fields={"enterprises"})
        track(Decision, m2m_fields={"agreed_by"})
        track(Expense)
        track(Attachment)

        from .services import highest_decision_number

        # The interventions' decisions share the steering group's register with the minutes.
        also_numbered(highest_decision_number)
