"""Forms of the task pages: they check the shape of input; rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolutions.forms import DATE, StyledForm
from resolutions.models import Document, Unit
from tasks.models import Blocker, Task
from tasks.selectors import SORTS, Due
from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, validate_business_date

BLOCKER_TEXT_MAX_LENGTH = 2000


class TaskFilterForm(StyledForm):
    """The filters of a task list, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title or document code, e.g. nq57")}
        ),
    )
    document = forms.ModelChoiceField(
        Document.objects.order_by("-issued_on", "code"),
        label=_("Document"),
        required=False,
        empty_label=_("All documents"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Task.Status.choices]
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("Any deadline")),
            (Due.OVERDUE, _("Overdue")),
            (Due.WEEK, _("Due within 7 days")),
            (Due.MONTH, _("Due within 30 days")),
            (Due.ONGOING, _("Ongoing (no deadline)")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Deadline, nearest first")),
            ("-deadline", _("Deadline, latest first")),
            ("percent", _("Percent, lowest first")),
            ("-percent", _("Percent, highest first")),
            ("title", _("Title")),
            ("document", _("Document")),
        ],
    )

    def filters(self) -> dict:
        """Keyword arguments for `task_list`; invalid values are ignored, not errors."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "document": data.get("document"),
            "status": data.get("status", ""),
            "due": data.get("due", ""),
            "search": data.get("q", ""),
            "sort": data.get("sort") if data.get("sort") in SORTS else "deadline",
        }


class ProgressForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    percent = forms.IntegerField(label=_("Percent"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, image or ZIP."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ExtensionRequestForm(StyledForm):
    requested_deadline = forms.DateField(
        label=_("New deadline"), widget=DATE, validators=[validate_business_date]
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea({"rows": 3})
    )


class DecisionForm(StyledForm):
    """Approve or reject an extension request, or confirm or send back a completion."""

    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
    )


class BlockerForm(StyledForm):
    description = forms.CharField(
        label=_("What blocks the task"),
        max_length=BLOCKER_TEXT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Say what is needed and from whom."),
    )


class BlockerResolveForm(StyledForm):
    """One per open blocker on the task page, told apart by its prefix."""

    resolution = forms.CharField(
        label=_("How it was resolved"),
        max_length=BLOCKER_TEXT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
    )

    @classmethod
    def of(cls, blocker: Blocker, data=None) -> "BlockerResolveForm":
        return cls(data, prefix=f"blocker-{blocker.pk}")


class UnitPicker(forms.SelectMultiple):
    """A multiple select that static/js/unit-picker.js gives a search box."""

    def __init__(self, attrs=None):
        picker = {"data-unit-picker": "", "data-search-placeholder": _("Search units"), "size": 8}
        super().__init__({**picker, **(attrs or {})})


class UnitChoices(forms.ModelMultipleChoiceField):
    widget = UnitPicker

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def active_units():
    return Unit.objects.filter(is_active=True).order_by("path")


class TaskForm(StyledForm):
    """Create (for one or many lead units) or edit a task."""

    document = forms.ModelChoiceField(
        Document.objects.filter(is_active=True).order_by("-issued_on", "code"),
        label=_("Document"),
    )
    title = forms.CharField(label=_("Title"), max_length=Task._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )
    lead_units = UnitChoices(
        active_units(),
        label=_("Lead units"),
        required=False,
        help_text=_("One task is created for each lead unit."),
    )
    all_communes_of = forms.ModelChoiceField(
        Unit.objects.filter(is_active=True, parent__isnull=True).order_by("name"),
        label=_("Also assign to every commune and ward of"),
        required=False,
    )
    supporting_units = UnitChoices(active_units(), label=_("Supporting units"), required=False)
    assigned_on = forms.DateField(
        label=_("Assigned on"), widget=DATE, validators=[validate_business_date]
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE,
        validators=[validate_business_date],
        help_text=_("Leave empty for an ongoing task."),
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("document", "lead_units", "all_communes_of", "assigned_on"):
            if editing:
                del self.fields[name]
        if not editing:
            del self.fields["expected_version"]

    def lead_units_chosen(self) -> list[Unit]:
        """The chosen lead units and, if asked, every active commune, ward and special zone
        under the chosen parent."""
        units = list(self.cleaned_data.get("lead_units") or [])
        parent = self.cleaned_data.get("all_communes_of")
        if parent:
            units += list(
                active_units().filter(
                    path__startswith=parent.path,
                    kind__in=[Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE],
                )
            )
        return units
