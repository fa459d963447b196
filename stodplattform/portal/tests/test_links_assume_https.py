"""A link typed without a scheme gets https:// wherever a link is typed: the project's forms and the
admin alike (one helper, ``core.forms.formfield_assuming_https``)."""

from django.contrib import admin

from stodplattform.enterprises.forms import EnterpriseForm
from stodplattform.events.models import Event
from stodplattform.financing.forms import TenderForm
from stodplattform.meetings.forms import MeetingForm


def test_a_link_typed_without_a_scheme_gets_https_in_the_forms_and_the_admin(rf, world):
    request = rf.get("/")
    request.user = world.superuser
    form = admin.site.get_model_admin(Event).get_form(request)()
    assert form.fields["online_url"].clean("mote.example.org/rum") == "https://mote.example.org/rum"
    assert EnterpriseForm.base_fields["website"].clean("snickeriet.se") == "https://snickeriet.se"
    assert (
        TenderForm.base_fields["url"].clean("upphandling.example.se/1") == "https://upphandling.example.se/1"
    )
    assert MeetingForm.base_fields["video_link"].clean("mote.example.org") == "https://mote.example.org"
