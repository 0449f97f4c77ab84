"""The health check at /healthz that a load balancer or uptime monitor polls."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_as_plain_text_after_one_query(client, django_assert_num_queries):
    # The one query proves the database answers.
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_healthz_answers_head_and_refuses_writes(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
