"""Property-based run of the whole API against its own OpenAPI schema (schemathesis): on the
full WSGI app with a coordinator's token, generated requests, valid and invalid, must never
get a server error nor a response the schema does not allow. Bounded: a few examples per
operation, no shrinking."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from tasks.models import Extension, Task
from tests.factories import DocumentFactory, ExtensionFactory, TaskFactory, UnitFactory
from tracker.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 15
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def requests_keep_the_connection():
    """As in Django's test client: a request must not close the test's database connection
    (and with it the transaction the test runs in)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def some_data(today, unit, other_unit):
    document = DocumentFactory(code="57-NQ/TW")
    for lead in (unit, other_unit, UnitFactory(code="DN-X", parent=unit)):
        TaskFactory(document=document, lead_unit=lead).supporting_units.add(other_unit)
    # A pending extension (decided_by and decided_on null) and a decided one.
    first, second = Task.objects.order_by("pk")[:2]
    ExtensionFactory(task=first)
    ExtensionFactory(task=second, status=Extension.Status.REJECTED, decision_note="Không")


def test_no_server_error_and_no_answer_outside_the_schema(
    requests_keep_the_connection, some_data, coordinator
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    headers = {"Authorization": f"Token {Token.objects.create(user=coordinator).key}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 15
    statuses: set[int] = set()

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            case.validate_response(response, checks=CHECKS, headers=headers)

        fuzz()
    # The requests really ran as the coordinator, inside this test's transaction.
    assert {200, 201} <= statuses
