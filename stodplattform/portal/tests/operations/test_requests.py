"""Request ids, request logs, error pages and requests that Django cannot parse."""

import json
import logging

import pytest
from django.test import Client

TOO_MANY = "&".join(f"f{i}=x" for i in range(1200))


def test_every_response_has_a_request_id(client, db):
    response = client.get("/")
    assert len(response["X-Request-ID"]) == 32


def test_a_sane_incoming_request_id_is_kept_and_an_odd_one_replaced(client, db):
    assert client.get("/", headers={"X-Request-ID": "proxy-1234abcd"})["X-Request-ID"] == "proxy-1234abcd"
    for odd in ["short", "a b c d e f g h", "x" * 500, "<script>alert(1)</script>", "id\r\nSet-Cookie: a=b"]:
        response = client.get("/", headers={"X-Request-ID": odd})
        assert response["X-Request-ID"] != odd and len(response["X-Request-ID"]) == 32


def test_one_json_log_line_per_request(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="stodplattform.requests"):
        response = client.get("/foretag/", headers={"X-Request-ID": "abcdefgh1234"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "stodplattform.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert set(line) == {"method", "path", "status", "duration_ms", "request_id"}
    assert line["method"] == "GET" and line["path"] == "/foretag/" and line["status"] == 200
    assert line["request_id"] == "abcdefgh1234" == response["X-Request-ID"]
    assert isinstance(line["duration_ms"], float)


def test_the_404_page_shows_the_request_id(client, db):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "quote-me-123"})
    assert response.status_code == 404
    assert b"quote-me-123" in response.content


@pytest.fixture
def broken_page(monkeypatch):
    """A page and an API endpoint that raise, added to the URLs for one test."""
    from django.urls import clear_url_caches, path

    from stodplattform import urls

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(
        urls, "urlpatterns", [path("trasig/", broken), path("api/v1/trasig", broken), *urls.urlpatterns]
    )
    clear_url_caches()
    yield
    clear_url_caches()


def test_the_500_page_shows_the_request_id(db, broken_page):
    client = Client(raise_request_exception=False)
    response = client.get("/trasig/", headers={"X-Request-ID": "quote-me-500"})
    assert response.status_code == 500
    assert b"quote-me-500" in response.content and response["X-Request-ID"] == "quote-me-500"
    assert b"boom" not in response.content


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Något gick fel hos oss"), ("en", "Something went wrong on our side")]
)
def test_a_server_error_under_the_api_is_json(db, broken_page, language, text):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/trasig", headers={"Accept-Language": language})
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"detail", "errors"} and text in body["detail"]
    assert response["X-Request-ID"] in body["detail"]
    assert "boom" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Begäran kunde inte läsas"), ("en", "could not be read")]
)
def test_too_many_query_fields_is_a_400_page_in_the_language(client, db, language, text):
    response = client.get(f"/foretag/?{TOO_MANY}", headers={"Accept-Language": language})
    assert response.status_code == 400
    assert text in response.content.decode()
    assert response["X-Request-ID"] in response.content.decode()


def test_too_many_query_fields_in_debug_is_still_a_400(client, db, settings):
    # Django's debug page reads request.GET again and used to fail with a 500.
    settings.DEBUG = True
    assert client.get(f"/foretag/?{TOO_MANY}").status_code == 400


def test_too_many_form_fields_is_a_400(client, world):
    client.force_login(world.coordinator)
    response = client.post("/foretag/ny/", TOO_MANY, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("language", "detail"), [("sv", "Begäran är inte giltig."), ("en", "The request is not valid.")]
)
def test_too_many_query_fields_on_the_api_is_a_json_400(client, db, language, detail):
    response = client.get(f"/api/v1/enterprises?{TOO_MANY}", headers={"Accept-Language": language})
    assert response.status_code == 400
    assert response.json() == {"detail": detail, "errors": {}}


def test_healthz_answers_200_when_the_database_is_up_and_migrated(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    body = response.content.decode().lower()
    assert "version" not in body and "django" not in body and "postgres" not in body
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_healthz_is_503_with_pending_migrations(client, db, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_healthz_is_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db import OperationalError

    from stodplattform.core import health

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "migrations": "unknown"}


def test_healthz_is_not_redirected_to_https(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_log_lines_written_during_a_request_carry_its_id(db, broken_page):
    import io

    from django.conf import settings

    handler = logging.StreamHandler(io.StringIO())
    config = settings.LOGGING
    handler.addFilter(__import__("stodplattform.core.logs", fromlist=["x"]).RequestIdFilter())
    handler.setFormatter(logging.Formatter(config["formatters"]["plain"]["format"]))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        Client(raise_request_exception=False).get("/trasig/", headers={"X-Request-ID": "trace-me-42"})
    finally:
        logger.removeHandler(handler)
    assert "ERROR [trace-me-42] django.request: Internal Server Error: /trasig/" in handler.stream.getvalue()


def test_a_disallowed_host_is_a_400_page_not_a_500(db):
    response = Client(raise_request_exception=False).get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response["X-Request-ID"] in response.content.decode()
