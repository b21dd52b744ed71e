from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.counting import TASK_STATES
from reports.selectors import DashboardFilters
from resolutions.dates import figures_day
from resolutions.forms import DayField, DayInput
from resolutions.models import Document, Unit
from resolutions.permissions import User, documents_visible_to, units_visible_to
from tracker.limits import validate_business_date

SELECT = "form-select form-select-sm"
SCOPES = [("tree", _("with sub-units")), ("self", _("this unit only"))]


class DashboardFilterForm(forms.Form):
    """The GET filters of the dashboards; the URL carries them, so a view can be shared.
    After `filters()`, `as_of_notice` says when the day asked was replaced (a future day)."""

    as_of_notice = ""

    as_of = DayField(
        label=_("As of"),
        required=False,
        validators=[validate_business_date],
        widget=DayInput(attrs={"class": "form-control form-control-sm"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"),
        required=False,
        choices=[("", _("All kinds")), *Unit.Kind.choices],
        widget=forms.Select(attrs={"class": SELECT}),
    )
    scope = forms.ChoiceField(
        label=_("Sub-units"),
        required=False,
        choices=SCOPES,
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # the pickers offer (and accept) only what the user sees
        if "parent" in self.fields:
            units = units_visible_to(user)
            if isinstance(self, DocumentFilterForm):
                units = units.filter(children__isnull=False).distinct().order_by("path")
            self.fields["parent"].queryset = units  # type: ignore[attr-defined]
        if "document" in self.fields:
            self.fields["document"].queryset = documents_visible_to(user)  # type: ignore[attr-defined]

    def filters(self) -> DashboardFilters:
        """The filters asked for; a field missing or invalid falls back to today or to all,
        the others still apply (pages show the field's error as a notice)."""
        self.is_valid()
        data = self.cleaned_data
        as_of, self.as_of_notice = figures_day(data.get("as_of"))
        return DashboardFilters(
            as_of=as_of,
            kind=data.get("kind") or "",
            parent=data.get("parent"),
            with_subunits=data.get("scope") != "self",
        )


class DocumentFilterForm(DashboardFilterForm):
    parent = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        empty_label=_("All units"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    field_order = ["as_of", "kind", "parent", "scope"]


class TaskListForm(DashboardFilterForm):
    """The drill-down behind a figure: one document and/or unit, one state."""

    document = forms.ModelChoiceField(queryset=Document.objects.none(), required=False)
    parent = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)
    state = forms.ChoiceField(required=False, choices=[(state, state) for state in TASK_STATES])


def drill_query(filters: DashboardFilters, **extra) -> str:
    """The task-list query string that reproduces `filters` (and `extra`, e.g. document)."""
    params = {"as_of": filters.as_of.isoformat(), "kind": filters.kind, **extra}
    if filters.parent is not None:
        params |= {
            "parent": filters.parent.pk,
            "scope": "tree" if filters.with_subunits else "self",
        }
    return urlencode({key: value for key, value in params.items() if value not in ("", None)})
