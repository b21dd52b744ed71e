from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from resolutions.models import Document, Unit
from resolutions.permissions import (
    User,
    documents_visible_to,
    may_coordinate,
    units_managed_by,
)
from tracker.limits import validate_business_date

# Days are typed and shown as dd/mm/yyyy whatever the browser's language (a native date
# input follows the browser's: mm/dd/yyyy in an English one). ISO days, which links and
# older forms send, are still read.
DAY_FORMAT = "%d/%m/%Y"
DAY_INPUT_FORMATS = [DAY_FORMAT, "%Y-%m-%d"]


class DayInput(forms.DateInput):
    """A text field for a day; static/js/day-field.js adds a calendar button and the
    arrow keys (a day up or down; with Page Up/Down a month). The field comes in its box
    from the server: moving it into one later would drop a day typed before the script ran."""

    input_type = "text"

    def __init__(self, attrs=None):
        day = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            "data-day-field": "",
            "data-calendar-label": _("Choose on a calendar"),
        }
        super().__init__({**day, **(attrs or {})}, format=DAY_FORMAT)

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        return format_html('<span class="day-field">{}</span>', field)


class DayField(forms.DateField):
    """A day in every form: typed dd/mm/yyyy, shown so, whatever the browser's language."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter the day as dd/mm/yyyy, e.g. 30/09/2025.")}


class StyledForm(forms.Form):
    """Gives each widget its Bootstrap class, so templates can render `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DocumentForm(StyledForm):
    """Shape only; the code is parsed and validated by the service (Document.clean)."""

    code = forms.CharField(label=_("Code"), max_length=60, help_text=_("e.g. 57-NQ/TW or 71/NQ-CP"))
    issued_on = DayField(label=_("Issued on"), validators=[validate_business_date])
    title = forms.CharField(label=_("Title"), max_length=500)
    parent = forms.ModelChoiceField(Document.objects.none(), label=_("Implements"), required=False)
    issuing_unit = forms.ModelChoiceField(
        Unit.objects.none(),
        label=_("Issuing unit"),
        required=False,
        empty_label=_("Central level"),
    )
    horizon = DayField(label=_("Horizon"), required=False, validators=[validate_business_date])
    confirm_duplicate = forms.BooleanField(
        label=_("Create it although another document has this code"),
        required=False,
        help_text=_("Numbers restart each term, so a code may recur."),
        widget=forms.CheckboxInput({"class": "form-check-input"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # pickers offer what the user sees (documents) and coordinates (issuing units)
        parent: forms.ModelChoiceField = self.fields["parent"]  # type: ignore[assignment]
        parent.queryset = documents_visible_to(user).order_by("-issued_on", "code")
        issuer: forms.ModelChoiceField = self.fields["issuing_unit"]  # type: ignore[assignment]
        issuer.queryset = units_managed_by(user).filter(is_active=True).order_by("path")
        if not may_coordinate(user, None):  # only the root issues central documents
            issuer.required, issuer.empty_label = True, None


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
