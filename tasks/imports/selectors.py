"""Reads of imports: each coordinator sees the imports they uploaded."""

from django.db.models import QuerySet

from resolutions.selectors import User
from tasks.models import TaskImport


def imports_of(user: User) -> QuerySet[TaskImport]:
    if not user.is_authenticated:
        return TaskImport.objects.none()
    return TaskImport.objects.filter(created_by=user)
