"""Changes to the enterprise registry. Pages and the API both call these."""

from django.db import transaction

from stodplattform.core.audit import acting_as

from .forms import EnterpriseForm
from .models import Enterprise


def save_enterprise(form: EnterpriseForm, *, by) -> Enterprise:
    """Create or update an enterprise from a valid form; the audit history records ``by``."""
    with transaction.atomic(), acting_as(by):
        return form.save()
