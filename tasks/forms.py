"""Forms of the task pages: they check the shape of input; rules live in the services."""

import uuid

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from resolutions.codes import fold
from resolutions.forms import DayField, StyledForm
from resolutions.models import Document, Unit
from resolutions.permissions import (
    User,
    documents_managed_by,
    documents_visible_to,
    units_managed_by,
)
from tasks.idempotency import KEY_MAX_LENGTH
from tasks.lifecycle import report_statuses
from tasks.models import Blocker, ChangeRequest, Task
from tasks.selectors import SORTS, Due
from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, validate_business_date

BLOCKER_TEXT_MAX_LENGTH = 2000


class StatusesField(forms.MultipleChoiceField):
    """Several statuses, repeated (`status=a&status=b`) or comma-separated (`status=a,b`)."""

    def to_python(self, value):
        return self.prepare_value(super().to_python(value))

    def prepare_value(self, value):  # the menu shows each of `a,b` ticked
        return [part for item in value or () for part in str(item).split(",") if part]


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
        Document.objects.none(),
        label=_("Document"),
        required=False,
        empty_label=_("All documents"),
    )
    status = StatusesField(  # issue 20: several, ticked in a menu (templates/tasks/_statuses.html)
        label=_("Status"),
        required=False,
        choices=Task.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    state = forms.ChoiceField(  # issue 20: the states the figures count, on the list's day
        label=_("Implementation state"),
        required=False,
        choices=[
            ("", _("Any state")),
            ("overdue", _("Overdue")),
            ("in_progress", _("In progress, not started included")),
            ("not_started", _("Not started")),
            ("completed", _("Completed")),
            ("completed_late", _("Completed late")),
        ],
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
            ("attention", _("Overdue first, then nearest deadline")),
            ("deadline", _("Deadline, nearest first")),
            ("-deadline", _("Deadline, latest first")),
            ("percent", _("Percent, lowest first")),
            ("-percent", _("Percent, highest first")),
            ("title", _("Title")),
            ("document", _("Document")),
        ],
    )

    batch = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        document: forms.ModelChoiceField = self.fields["document"]  # type: ignore[assignment]
        document.queryset = documents_visible_to(user).order_by("-issued_on", "code")

    def filters(self) -> dict:
        """Keyword arguments for `task_list`; invalid values are ignored, not errors."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "document": data.get("document"),
            "status": data.get("status", []),
            "state": data.get("state", ""),
            "due": data.get("due", ""),
            "search": data.get("q", ""),
            "sort": data.get("sort") if data.get("sort") in SORTS else "attention",
            "batch": data.get("batch"),
        }


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class OnceForm(StyledForm):
    """A write form that names itself: the hidden key, new with each form shown, lets the
    server record a retried or re-sent submission once (tasks/idempotency.py)."""

    idempotency_key = forms.CharField(
        required=False,
        max_length=KEY_MAX_LENGTH,
        widget=forms.HiddenInput,
        initial=new_idempotency_key,
    )


class ProgressForm(OnceForm):
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
    output = forms.CharField(  # issue 15
        label=_("Output delivered"),
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("With a completion: what was delivered (or attach it above)."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked on the phone too, before a report waits offline with a file never accepted.
        limit = settings.EVIDENCE_MAX_BYTES
        message = _("“%(name)s” is larger than %(limit)s.") % {
            "name": _("Evidence file"),
            "limit": filesizeformat(limit),
        }
        self.fields["evidence"].widget.attrs.update(
            {"data-max-bytes": limit, "data-too-large": message}
        )
        if task is not None:
            # Offer only the statuses the lifecycle allows; any status is still accepted
            # here, so the service refuses the others with its own message.
            allowed = report_statuses(task)
            self.fields["status"].widget.choices = [
                (value, label) for value, label in Task.Status.choices if value in allowed
            ]


class CancelForm(StyledForm):
    """A coordinator stops a task (dừng thực hiện) from a business day."""

    def __init__(self, *args, **kwargs):
        # its own ids: the task page also holds the extension form's "reason"
        super().__init__(*args, auto_id="id_cancel_%s", **kwargs)

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))
    on = DayField(
        label=_("Stopped from"),
        required=False,
        help_text=_("The task counts up to the day before; empty: today."),
    )


class ChangeRequestForm(StyledForm):
    """Unit staff ask a coordinator to stop or adjust a task."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_change_%s", **kwargs)

    kind = forms.ChoiceField(label=_("Request"), choices=ChangeRequest.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 3}))


class ExtensionRequestForm(OnceForm):
    requested_deadline = DayField(label=_("New deadline"), validators=[validate_business_date])
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


class CompletionDecisionForm(DecisionForm):
    """Confirm a reported completion, or send it back with the comment the unit reads."""

    note = forms.CharField(
        label=_("Comment (required to send it back)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
    )


class BlockerForm(OnceForm):
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


COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


class UnitPicker(forms.SelectMultiple):
    """A multiple select that static/js/unit-picker.js gives a search box (name, short name
    or code, without diacritics), a click that adds a unit, and "all communes of …"."""

    def __init__(self, attrs=None):
        picker = {
            "data-unit-picker": "",
            "data-search-placeholder": _("Search units: name, short name or code"),
            "data-all-label": _("All of “%s”"),
            "data-none-label": _("Clear the choice"),
            "data-chosen-label": _("Chosen: %s"),
            "data-hint": _(
                "Click a unit to add or remove it; "
                "Enter in the search box adds the first unit found."
            ),
            "size": 10,
        }
        super().__init__({**picker, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["attrs"]["data-search"] = fold(f"{unit.name} {unit.short_name} {unit.code}")
            if unit.kind in COMMUNE_KINDS:
                option["attrs"]["data-commune"] = ""
        return option


class UnitTree(ModelChoiceIterator):
    """Units grouped by the unit above them, its departments apart from its communes."""

    def __iter__(self):
        groups: dict[tuple, list] = {}
        for unit in self.queryset:
            parent = unit.parent.name if unit.parent else _("Top level")
            communes = unit.kind in COMMUNE_KINDS
            groups.setdefault((parent, communes), []).append(self.choice(unit))
        parents = list(dict.fromkeys(parent for parent, _communes in groups))
        # in tree order, each unit's departments before its communes
        for parent, communes in sorted(groups, key=lambda key: (parents.index(key[0]), key[1])):
            options = groups[(parent, communes)]
            label = _("%s: communes, wards and special zones") % parent if communes else parent
            yield (label, options)


class UnitChoices(forms.ModelMultipleChoiceField):
    widget = UnitPicker
    iterator = UnitTree

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class TaskForm(StyledForm):
    """Create (for one or many lead units) or edit a task."""

    document = forms.ModelChoiceField(Document.objects.none(), label=_("Document"))
    title = forms.CharField(label=_("Title"), max_length=Task._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )
    expected_output = forms.CharField(  # issue 15
        label=_("Expected output"),
        required=False,
        max_length=500,
        help_text=_("e.g. Đề án trình Thành ủy, Quyết định ban hành."),
    )
    lead_units = UnitChoices(
        Unit.objects.none(),
        label=_("Lead units"),
        required=False,
        help_text=_("One task is created for each lead unit."),
    )
    all_communes_of = forms.ModelChoiceField(
        Unit.objects.none(),
        label=_("Also assign to every commune and ward of"),
        required=False,
    )
    supporting_units = UnitChoices(Unit.objects.none(), label=_("Supporting units"), required=False)
    assigned_on = DayField(label=_("Assigned on"), validators=[validate_business_date])
    deadline = DayField(
        label=_("Deadline"),
        required=False,
        validators=[validate_business_date],
        help_text=_("Leave empty for an ongoing task."),
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, user: User, editing: bool = False, parent: Task | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # The pickers offer the documents and units the user coordinates; a sub-task goes
        # under one of the user's documents or its parent's.
        managed = units_managed_by(user).filter(is_active=True).select_related("parent")
        documents = documents_managed_by(user).filter(is_active=True)
        if parent is not None:
            documents = documents | Document.objects.filter(pk=parent.document_id)
        self._managed = managed
        self._choices("document", documents.order_by("-issued_on", "code"))
        self._choices("lead_units", managed.order_by("path"))
        self._choices("supporting_units", managed.order_by("path"))
        self._choices("all_communes_of", managed.exclude(parent__in=managed).order_by("name"))
        for name in ("document", "lead_units", "all_communes_of", "assigned_on"):
            if editing:
                del self.fields[name]
        if not editing:
            del self.fields["expected_version"]

    def _choices(self, name: str, queryset) -> None:
        field = self.fields[name]
        field.queryset = queryset  # type: ignore[attr-defined]

    def lead_units_chosen(self) -> list[Unit]:
        """The chosen lead units and, if asked, every active commune, ward and special zone
        under the chosen parent."""
        units = list(self.cleaned_data.get("lead_units") or [])
        parent = self.cleaned_data.get("all_communes_of")
        if parent:
            units += list(
                self._managed.filter(
                    path__startswith=parent.path,
                    kind__in=COMMUNE_KINDS,
                )
            )
        return units
