"""Forms of the account pages: what a manager may give is limited to what they may give."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.memberships import MembershipSpec
from accounts.models import AuditEvent
from accounts.permissions import ROLE_RANK, Role, units_managed_by
from resolutions.forms import DayField, StyledForm
from resolutions.selectors import User, role_of


def roles_given_by(actor: User) -> list[tuple[str, object]]:
    """The roles `actor` may give, as choices (administrators are made in the admin)."""
    ceiling = ROLE_RANK[Role(role_of(actor) or Role.STAFF)]
    return [
        (role.value, role.label)
        for role in (Role.STAFF, Role.COORDINATOR, Role.LEADER)
        if ROLE_RANK[role] <= ceiling
    ]


class PersonForm(StyledForm):
    username = forms.RegexField(label=_("User name"), regex=r"^[\w.@+-]+\Z", max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    role = forms.ChoiceField(label=_("Role"))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Set a password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The person must change it at the next sign-in."),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_managed_by(actor).order_by("name")  # type: ignore[attr-defined]
        self.fields["role"].choices = roles_given_by(actor)  # type: ignore[attr-defined]
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["memberships"] = [MembershipSpec(unit=data.pop("unit"), role=data.pop("role"))]
        return data


class AuditFilterForm(StyledForm):
    actor = forms.CharField(label=_("Who (user name)"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "—"), *AuditEvent.Action.choices]
    )
    since = DayField(label=_("From"), required=False)
    until = DayField(label=_("To"), required=False)

    def filters(self) -> dict:
        """The audit_events() arguments; an invalid field filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}

        def moment(day, extra_days: int = 0):
            if not day:
                return None
            start = datetime.combine(day, time.min) + timedelta(days=extra_days)
            return timezone.make_aware(start)

        return {
            "actor": data.get("actor", ""),
            "action": data.get("action", ""),
            "since": moment(data.get("since")),
            "until": moment(data.get("until"), extra_days=1),
        }
