"""The accounts' part of /api/v1/: tokens, users, audit events."""

from accounts.api.tokens import token_obtain

__all__ = ["token_obtain"]
