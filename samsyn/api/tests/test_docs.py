"""The documentation page lists every operation of the OpenAPI document, and its examples work."""

import re
import shlex

from django.test import Client

from samsyn.api.docs import operations_by_tag


def test_the_docs_page_lists_every_operation(client, shk):
    spec = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/docs").content.decode()
    for path, methods in spec["paths"].items():
        for op in methods.values():
            assert f'id="{op["operationId"]}"' in page
            assert path in page
    assert "curl" in page and "Authorization: Bearer $TOKEN" in page


def test_every_reading_example_answers_200_against_the_demo(token_for):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for('admin')}")
    tried = 0
    for _tag, operations in operations_by_tag():
        for op in operations:
            if op.writes:
                continue
            url = shlex.split(op.curl.replace("\\\n", " "))[-1]
            url = re.sub(r"^\$SAMSYN", "", url)
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            tried += 1
    assert tried >= 15
