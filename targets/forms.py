"""Forms of the target pages: shape only; the rules live in targets.services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import Target
from resolutions.forms import DayField, StyledForm
from resolutions.models import Document, Unit
from resolutions.permissions import User, units_visible_to
from resolutions.selectors import active_documents

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class TargetFilterForm(StyledForm):
    """The filters of the target list (and of the dashboards' target sections)."""

    document = forms.ModelChoiceField(
        Document.objects.none(),
        label=_("Document"),
        required=False,
        empty_label=_("All documents"),
    )
    unit = forms.ModelChoiceField(Unit.objects.none(), required=False, widget=forms.HiddenInput)
    outlook = forms.ChoiceField(
        label=_("Outlook"),
        required=False,
        choices=[("", _("Every outlook")), *Target.Outlook.choices],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # the pickers offer what the user sees (issue 13), never another province's
        self.fields["document"].queryset = active_documents(user)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units_visible_to(user)  # type: ignore[attr-defined]

    def filtered(self, targets):
        """`targets` narrowed to the chosen document, unit (with the units below it) and
        outlook; invalid choices filter nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("document"):
            targets = targets.filter(document=data["document"])
        if data.get("unit"):
            targets = targets.filter(unit__path__startswith=data["unit"].path)
        if data.get("outlook"):
            targets = targets.filter(outlook=data["outlook"])
        return targets


class TargetReportForm(StyledForm):
    on = DayField(label=_("As of"))
    actual = forms.DecimalField(label=_("Actual"), **AMOUNT)
    done = forms.DecimalField(label=_("Done"), required=False, **AMOUNT)
    in_progress = forms.DecimalField(label=_("In progress"), required=False, **AMOUNT)
    not_done = forms.DecimalField(label=_("Not done"), required=False, **AMOUNT)
    outlook = forms.ChoiceField(
        label=_("Outlook"),
        required=False,
        choices=[("", _("Suggest from the pace")), *Target.Outlook.choices],
    )
    outlook_reason = forms.CharField(
        label=_("Reason for the outlook"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=500,
        help_text=_("A document number or a link."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, image or ZIP."),
    )
