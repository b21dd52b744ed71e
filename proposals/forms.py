"""Forms of the proposal pages: shape only; the rules live in proposals.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import Proposal
from reports.models import Target
from resolutions.forms import DayField, StyledForm
from resolutions.models import Document, Unit
from resolutions.permissions import units_addressable_by
from resolutions.selectors import User, active_documents
from tasks.models import Task

TEXT = forms.Textarea(attrs={"rows": 3})


class ProposalForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT)
    to_unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Addressed to"))
    task = forms.ModelChoiceField(Task.objects.none(), label=_("Task"), required=False)
    target = forms.ModelChoiceField(Target.objects.none(), label=_("Target"), required=False)
    document = forms.ModelChoiceField(Document.objects.none(), label=_("Document"), required=False)

    def __init__(self, *args, user: User, tasks, targets, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["to_unit"].queryset = units_addressable_by(user)  # type: ignore[attr-defined]
        fields["task"].queryset = tasks.select_related("document")  # type: ignore[attr-defined]
        fields["target"].queryset = targets  # type: ignore[attr-defined]
        fields["document"].queryset = active_documents(user)  # type: ignore[attr-defined]


class TransitionForm(StyledForm):
    to = forms.ChoiceField(
        label=_("Move to"),
        choices=[(s, label) for s, label in Proposal.State.choices if s != "submitted"],
    )
    meeting_name = forms.CharField(label=_("Meeting"), required=False, max_length=255)
    meeting_on = DayField(label=_("Meeting date"), required=False)
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=TEXT)
    responsible_unit = forms.ModelChoiceField(
        Unit.objects.none(), label=_("Responsible agency"), required=False
    )
    handle_by = DayField(label=_("Deadline"), required=False)
    reason = forms.CharField(label=_("Reason for rejection"), required=False, widget=TEXT)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_addressable_by(user)  # issue 13: never another province's units
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]


class ExplanationRequestForm(StyledForm):
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)
    question = forms.CharField(label=_("What to explain"), max_length=5000, widget=TEXT)
    answer_by = DayField(label=_("Answer by"))


class ExplanationAnswerForm(StyledForm):
    answer = forms.CharField(label=_("Explanation"), max_length=20000, widget=TEXT)
