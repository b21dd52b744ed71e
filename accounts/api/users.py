"""/api/v1/users/: accounts provisioned by administrators, coordinators or a directory."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts import audit, services
from accounts.memberships import MembershipSpec, memberships_of
from accounts.permissions import may_manage_people
from accounts.selectors import users_managed_by
from resolutions.api import UnitCodeField
from resolutions.models import Membership

ROLES = [Membership.Role.STAFF, Membership.Role.COORDINATOR, Membership.Role.LEADER]


class ManagesPeople(BasePermission):
    message = _("Only administrators and coordinators manage accounts.")

    def has_permission(self, request, view) -> bool:
        return may_manage_people(request.user)


class MembershipSerializer(serializers.Serializer):
    unit = UnitCodeField(help_text="The unit's code, e.g. DN-SKHCN.")
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in ROLES], help_text="The role held at the unit."
    )


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The account's number.")
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, help_text="The login name, unique (case ignored)."
    )
    full_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="Shown wherever the person is."
    )
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text="For the password reset; personal data."
    )
    is_active = serializers.BooleanField(
        required=False, default=True, help_text="False: the person can no longer sign in."
    )
    memberships = MembershipSerializer(
        many=True,
        required=False,
        help_text="The roles held, each at a unit; for now at most one (more is a 400).",
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        help_text="An initial password, changed by the person at the first sign-in; "
        "without one, they choose theirs through the reset e-mail.",
    )

    def to_representation(self, user) -> dict[str, Any]:
        return {
            "id": user.pk,
            "username": user.username,
            "full_name": user.first_name,
            "email": user.email,
            "is_active": user.is_active,
            "memberships": [
                {"unit": m.unit.code if m.unit else None, "role": m.role}
                for m in memberships_of(user)
            ],
        }


def _specs(data: dict[str, Any]) -> None:
    if "memberships" in data:
        data["memberships"] = [
            MembershipSpec(unit=item["unit"], role=item["role"]) for item in data["memberships"]
        ]


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The accounts the caller manages. No delete: an account is deactivated
    (`is_active: false`) so its history keeps its author."""

    serializer_class = UserSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self):
        return [*super().get_permissions(), ManagesPeople()]

    def get_queryset(self):
        return users_managed_by(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        _specs(data)
        data.setdefault("memberships", [])
        user = services.user_create(actor=request.user, **data)
        return Response(self.get_serializer(user).data, status=201)

    @extend_schema(description="Reading people's e-mails is recorded in the audit trail.")
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        people = list(page if page is not None else self.get_queryset())
        if people:
            shown = ", ".join(str(user.pk) for user in people)
            audit.record(action=audit.Action.READ_PERSONAL, summary=f"email: users {shown}")
        data = self.get_serializer(people, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(description="Reading a person's e-mail is recorded in the audit trail.")
    def retrieve(self, request, *args, **kwargs):
        user = self.get_object()
        audit.record(action=audit.Action.READ_PERSONAL, obj=user, summary="email")
        return Response(self.get_serializer(user).data)

    def partial_update(self, request, *args, **kwargs):
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        _specs(data)
        user = services.user_update(actor=request.user, user=user, **data)
        if password:
            services.user_set_password(actor=request.user, user=user, password=password)
        return Response(self.get_serializer(user).data)
