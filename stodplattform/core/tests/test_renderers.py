from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from stodplattform.core.renderers import FormRenderer


class Filters(forms.Form):
    status = forms.ChoiceField(choices=[("", "Alla"), ("open", "Öppen <b>")], required=False)
    text = forms.CharField(max_length=5)


def test_forms_render_through_the_house_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_django_s_widgets_render_through_jinja2_as_through_django_s_own_engine():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    form = Filters({"status": "open", "text": "för långt"})
    html = str(form["status"])
    # The same widget, escaped, with the chosen option selected, as Django's engine renders it.
    assert '<option value="open" selected>Öppen &lt;b&gt;</option>' in html
    assert not form.is_valid()
    errors = str(form["text"].errors)
    assert 'class="errorlist' in errors and "5" in errors


def test_a_template_only_django_s_engine_has_falls_back_to_it():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)
    html = AdminDateWidget().render("day", "2026-12-07", renderer=renderer)
    assert 'class="vDateField"' in html


def test_every_admin_form_renders_its_widgets(client, rf, db):
    """The admin's widgets (related-object wrappers, dates, filtered selects) through the fallback."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 16)
    client.force_login(superuser)
    request = rf.get("/admin/")
    request.user = superuser
    # The add pages the admin's own index links to.
    add_urls = [
        m["add_url"] for app in admin.site.get_app_list(request) for m in app["models"] if m["add_url"]
    ]
    assert len(add_urls) >= 10
    for url in add_urls:
        assert client.get(url).status_code == 200, url
