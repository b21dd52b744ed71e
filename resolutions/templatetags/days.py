"""`{% day_input name value %}`: the day field of every form (resolutions.forms.DayInput)
where a template writes its own input, e.g. the "as of" filters of the dashboards."""

from django import template

from resolutions.forms import DayInput

register = template.Library()


@register.simple_tag
def day_input(
    name: str,
    value,
    *,
    id: str | None = "",  # noqa: A002 (the HTML attribute); None: no id, e.g. in table rows
    css: str = "form-control form-control-sm",
    label: str = "",
):
    attrs = {"class": css}
    if id is not None:
        attrs["id"] = id or f"id_{name}"
    if label:
        attrs["aria-label"] = label
    return DayInput().render(name, value, attrs=attrs)
