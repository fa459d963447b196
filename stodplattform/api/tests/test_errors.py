"""Every answer under /api/v1/ is JSON in the documented error shape, in the caller's language."""

import pytest

ODD_PATHS = [
    "/api/v1/nope",
    "/api/v1/enterprises/%00",
    "/api/v1/enterprises/not a slug",
    "/api/v1/enterprises/%C3%A5",
    "/api/v1/enterprises/a/b/c",
    "/api/v1/platforms/%20",
    "/api/v1/",
]


@pytest.mark.parametrize("path", ODD_PATHS)
@pytest.mark.parametrize(("language", "detail"), [("sv", "Hittades inte."), ("en", "Not found.")])
def test_unknown_paths_and_invalid_slugs_are_json_404(client, db, path, language, detail):
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail, "errors": {}}


def test_wrong_method_is_json_405_with_allow(client, db):
    response = client.delete("/api/v1/platforms", headers={"Accept-Language": "en"})
    assert response.status_code == 405
    assert response.json() == {"detail": "The method is not allowed here.", "errors": {}}
    assert "GET" in response["Allow"]


def test_pages_outside_the_api_keep_their_html_404(client, db):
    response = client.get("/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
