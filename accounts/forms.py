"""Forms of the account pages: what a manager may give is limited to what they may give."""

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.memberships import MAX_MEMBERSHIPS, MembershipSpec
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
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Set a password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The person must change it at the next sign-in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"


class RoleForm(StyledForm):
    """One role the person holds, at a unit (issue 13: a person may hold several)."""

    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Unit"), queryset=None)  # type: ignore[arg-type]
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_managed_by(actor).order_by("name")  # type: ignore[attr-defined]
        # the empty row to add a role starts with no role either: left as it is, unchanged
        self.fields["role"].choices = [("", "---------"), *roles_given_by(actor)]  # type: ignore[attr-defined]


class BaseRoleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if not any(self.errors) and not self.memberships():
            raise forms.ValidationError(_("Give the person a role at a unit."))

    def memberships(self) -> list[MembershipSpec]:
        """The roles kept and added: filled rows not marked for removal."""
        return [
            MembershipSpec(unit=form.cleaned_data["unit"], role=form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


# One empty row to add a role each time the page is shown.
RoleFormSet = forms.formset_factory(
    RoleForm, formset=BaseRoleFormSet, extra=1, can_delete=True, max_num=MAX_MEMBERSHIPS
)


def person_forms(data, *, actor: User, person=None, held=()) -> tuple[PersonForm, BaseRoleFormSet]:
    """The person's form and their roles' rows, filled from `person` and `held`."""
    initial = {"is_active": True}
    if person is not None:
        initial = {
            "username": person.username,
            "full_name": person.first_name,
            "email": person.email,
            "is_active": person.is_active,
        }
    roles = [{"unit": spec.unit, "role": spec.role} for spec in held]
    rows = RoleFormSet(data, initial=roles, form_kwargs={"actor": actor}, prefix="roles")
    return PersonForm(data, initial=initial), cast(BaseRoleFormSet, rows)


def service_arguments(person: PersonForm, roles: BaseRoleFormSet) -> dict:
    return {**person.cleaned_data, "memberships": roles.memberships()}


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
