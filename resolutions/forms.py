from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resolutions.models import Document
from tracker.limits import validate_business_date

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Gives each widget its Bootstrap class, so templates can render `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DocumentForm(StyledForm):
    """Shape only; the code is parsed and validated by the service (Document.clean)."""

    code = forms.CharField(label=_("Code"), max_length=60, help_text=_("e.g. 57-NQ/TW or 71/NQ-CP"))
    issued_on = forms.DateField(
        label=_("Issued on"), widget=DATE, validators=[validate_business_date]
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    parent = forms.ModelChoiceField(
        Document.objects.order_by("-issued_on", "code"), label=_("Implements"), required=False
    )
    horizon = forms.DateField(
        label=_("Horizon"), required=False, widget=DATE, validators=[validate_business_date]
    )


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
