"""Draw allauth's forms with the site's field template (Bootstrap classes, errors tied to fields)."""

from django import forms, template

register = template.Library()


@register.simple_tag
def styled(field):
    """The bound field with our CSS class and ARIA state on its widget (this form instance only)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])
    if field.errors:
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["aria-describedby"] = f"{field.auto_id}_error"
    # allauth's placeholders repeat the label; the label is always shown here.
    widget.attrs.pop("placeholder", None)
    return field
