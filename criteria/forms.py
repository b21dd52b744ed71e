"""Forms of the criteria pages: shape only; the rules live in criteria.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.models import CriteriaSet
from resolutions.forms import DayField, StyledForm
from resolutions.models import Unit


class MatrixFilterForm(StyledForm):
    """The matrix's filters, read from the query string; bad values are ignored."""

    kind = forms.ChoiceField(label=_("Kind of unit"), required=False)
    parent = forms.ModelChoiceField(
        Unit.objects.none(), label=_("Under"), required=False, to_field_name="code"
    )
    as_of = DayField(label=_("As of"), required=False)

    def __init__(self, *args, criteria_set: CriteriaSet, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Unit.Kind.choices)
        kinds = [(kind, labels.get(kind, kind)) for kind in criteria_set.unit_kinds]
        self.fields["kind"].choices = [("", _("Every kind")), *kinds]  # type: ignore[attr-defined]
        parents = Unit.objects.filter(path__startswith=criteria_set.parent.path, is_active=True)
        parents = parents.exclude(kind__in=criteria_set.unit_kinds)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None


class CriterionReportForm(StyledForm):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    met = forms.BooleanField(label=_("Met"), required=False)
    on = DayField(label=_("As of"))
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=500)
