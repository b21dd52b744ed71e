"""The accounts' part of /api/v1/: tokens, users, audit events."""

from accounts.api.audit import AuditEventViewSet
from accounts.api.tokens import token_obtain
from accounts.api.users import UserViewSet

__all__ = ["AuditEventViewSet", "UserViewSet", "token_obtain"]
