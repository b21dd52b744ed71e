from datetime import date

import pytest

from tasks.services import task_create
from tests.factories import DocumentFactory


@pytest.fixture
def task(today, coordinator, unit):
    """A task of `unit` (the staff fixture's unit), assigned by the coordinator."""
    return task_create(
        user=coordinator,
        document=DocumentFactory(),
        title="Xây dựng CSDL",
        lead_unit=unit,
        assigned_on=date(2025, 1, 10),
        deadline=date(2025, 12, 31),
    )
