"""Property-based requests generated from the OpenAPI schema, signed in as the admin (who may call
every route): the API never answers with a 5xx."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, access_token

EXAMPLES_PER_OPERATION = 60


def test_no_operation_answers_with_a_server_error(service):
    headers = {
        "Authorization": f"Bearer {access_token(service.api_url, ADMIN_EMAIL, ADMIN_PASSWORD)}"
    }
    schema = schemathesis.openapi.from_url(f"{service.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def never_a_server_error(case):
            case.call_and_validate(checks=[not_a_server_error], headers=headers, timeout=30)

        never_a_server_error()
