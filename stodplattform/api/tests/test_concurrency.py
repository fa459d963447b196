"""One intent, one record, and never a 500: concurrent creates, double submits and retries."""

import json
import threading
import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.core.models import IdempotencyKey
from stodplattform.enterprises.models import Enterprise

from .test_write import FULL

NEW = {"name": "Samtidigt", "municipality": "2085"}


def in_threads(count, call):
    """``call(i)`` in ``count`` threads started together; their results in order."""
    if connection.vendor == "sqlite":
        pytest.skip("threads cannot share SQLite's in-memory test database; runs on PostgreSQL")
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = call(i)
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def token_client(user):
    _, raw = ApiToken.issue(user=user, name="concurrency")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_api(headers, payload, key=None):
    extra = {**headers, **({"HTTP_IDEMPOTENCY_KEY": key} if key else {})}
    client = Client(raise_request_exception=False)
    return client.post("/api/v1/enterprises", json.dumps(payload), content_type="application/json", **extra)


# -- Threads against PostgreSQL ---------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_concurrent_creates_with_one_name_all_succeed(world):
    headers = token_client(world.coordinator)
    responses = in_threads(10, lambda i: post_api(headers, NEW))
    statuses = [getattr(r, "status_code", r) for r in responses]
    assert statuses == [201] * 10, [getattr(r, "content", r) for r in responses]
    slugs = {r.json()["slug"] for r in responses}
    assert len(slugs) == 10 and all(s.startswith("samtidigt") for s in slugs)
    assert Enterprise.objects.filter(name="Samtidigt").count() == 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_concurrent_creates_with_one_idempotency_key_make_one_record(world):
    """One runs; each other gets its answer replayed, or 409 at once if it came while it ran."""
    headers = token_client(world.coordinator)
    key = str(uuid.uuid4())
    responses = in_threads(10, lambda i: post_api(headers, NEW, key))
    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert set(statuses) <= {201, 409} and statuses.count(201) >= 1, statuses
    assert all(r["Retry-After"] == "1" for r in responses if r.status_code == 409)
    assert len({r.content for r in responses if r.status_code == 201}) == 1
    assert Enterprise.objects.filter(name="Samtidigt").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_concurrent_submits_of_one_page_form_make_one_record(world):
    from stodplattform.enterprises.tests.test_edit import valid_data

    client = Client()
    client.force_login(world.coordinator)
    token = client.get(reverse("enterprises-create")).context["form_token"]
    cookies = client.cookies

    def submit(i):
        browser = Client(raise_request_exception=False)
        browser.cookies = cookies
        return browser.post(reverse("enterprises-create"), {**valid_data(world), "form_token": token})

    responses = in_threads(5, submit)
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 5
    enterprise = Enterprise.objects.get(name="Nya Snickeriet")
    # Those that came while the first still saved are sent to the directory, told to look there.
    assert {r["Location"] for r in responses} <= {
        enterprise.get_absolute_url(),
        reverse("enterprises-directory"),
    }
    assert enterprise.get_absolute_url() in {r["Location"] for r in responses}


# -- The same, one after the other (any database) ----------------------------------------


@pytest.fixture
def coordinator_headers(world):
    return token_client(world.coordinator)


def test_a_repeated_idempotency_key_replays_the_first_response(coordinator_headers):
    key = "retry-" + uuid.uuid4().hex
    first = post_api(coordinator_headers, NEW, key)
    second = post_api(coordinator_headers, NEW, key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Enterprise.objects.filter(name="Samtidigt").count() == 1


def test_a_repeated_key_after_a_422_runs_again(coordinator_headers):
    bad = {**NEW, "postcode": "abc"}
    first = post_api(coordinator_headers, bad, "k-422")
    second = post_api(coordinator_headers, bad, "k-422")
    assert first.status_code == second.status_code == 422 and first.json() == second.json()
    assert "Idempotent-Replayed" not in second  # nothing was written: nothing to replay


def test_without_a_key_two_posts_make_two_records(coordinator_headers):
    assert post_api(coordinator_headers, NEW).json()["slug"] == "samtidigt"
    assert post_api(coordinator_headers, NEW).json()["slug"] == "samtidigt-2"


def test_a_key_reused_for_another_request_is_422(coordinator_headers):
    post_api(coordinator_headers, NEW, "same-key")
    response = post_api(coordinator_headers, {**NEW, "name": "Annat"}, "same-key")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"} and "Idempotency-Key" in response.json()["errors"]
    assert not Enterprise.objects.filter(name="Annat").exists()


def test_keys_belong_to_their_user(world, coordinator_headers):
    # Platform B's coordinator (the "outsider") using the same key adds its own enterprise.
    first = post_api(coordinator_headers, NEW, "shared")
    other = post_api(token_client(world.outsider), {**NEW, "municipality": "2080"}, "shared")
    assert first.status_code == other.status_code == 201
    assert first.json()["slug"] != other.json()["slug"]
    # Another token of the same person is the same caller: the first answer again.
    again = post_api(token_client(world.coordinator), NEW, "shared")
    assert again.json() == first.json()
    assert Enterprise.objects.filter(name="Samtidigt").count() == 2


def test_a_key_is_kept_for_a_day(coordinator_headers):
    post_api(coordinator_headers, NEW, "old-key")
    IdempotencyKey.objects.update(
        created_at=IdempotencyKey.objects.get().created_at - timedelta(days=1, minutes=1)
    )
    assert post_api(coordinator_headers, NEW, "old-key").json()["slug"] == "samtidigt-2"


@pytest.mark.parametrize("key", ["", "x" * 201, "mellan slag", "å", "tab\tkey"])
def test_an_odd_key_is_422_and_saves_nothing(coordinator_headers, key):
    response = _post_with_raw_key(coordinator_headers, key)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"detail", "errors"}
    assert not Enterprise.objects.filter(name="Samtidigt").exists()


def _post_with_raw_key(headers, key):
    return Client().post(
        "/api/v1/enterprises",
        json.dumps(NEW),
        content_type="application/json",
        **headers,
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_patch_with_a_key_replays(world, coordinator_headers):
    client = Client()
    url = f"/api/v1/enterprises/{world.enterprise_a.slug}"
    extra = {**coordinator_headers, "HTTP_IDEMPOTENCY_KEY": "patch-1"}
    first = client.patch(url, json.dumps({"city": "Grängesberg"}), content_type="application/json", **extra)
    world.enterprise_a.refresh_from_db()
    world.enterprise_a.city = "Ludvika"
    world.enterprise_a.save()
    second = client.patch(url, json.dumps({"city": "Grängesberg"}), content_type="application/json", **extra)
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.city == "Ludvika"  # the repeat changed nothing


def test_a_slug_that_keeps_clashing_still_gives_201(world, coordinator_headers, monkeypatch):
    """Other requests take every slug the form picks, three times over: the create still succeeds."""
    from stodplattform.enterprises import services as module

    real, calls = module.save_enterprise, []

    def competing_save(form, *, by, **kwargs):
        calls.append(form.cleaned_data["slug"])
        if len(calls) <= 3:
            Enterprise.objects.create(
                platform=world.platform,
                municipality=world.enterprise_a.municipality,
                name="Konkurrent",
                slug=form.cleaned_data["slug"],
            )
        return real(form, by=by, **kwargs)

    monkeypatch.setattr(module, "save_enterprise", competing_save)
    response = post_api(coordinator_headers, NEW)
    assert response.status_code == 201, response.content
    assert response.json()["slug"] not in calls[:3] and response.json()["slug"].startswith("samtidigt-")
    assert len(calls) == 4


def test_a_double_submitted_page_form_makes_one_record(client, world):
    from stodplattform.enterprises.tests.test_edit import valid_data

    client.force_login(world.coordinator)
    token = client.get(reverse("enterprises-create")).context["form_token"]
    first = client.post(reverse("enterprises-create"), {**valid_data(world), "form_token": token})
    second = client.post(
        reverse("enterprises-create"), {**valid_data(world), "form_token": token}, follow=True
    )
    enterprise = Enterprise.objects.get(name="Nya Snickeriet")
    assert first["Location"] == enterprise.get_absolute_url()
    assert second.redirect_chain[-1][0] == enterprise.get_absolute_url()
    assert "redan skickats" in second.content.decode()


def test_a_corrected_form_may_use_its_token_again(client, world):
    from stodplattform.enterprises.tests.test_edit import valid_data

    client.force_login(world.coordinator)
    token = client.get(reverse("enterprises-create")).context["form_token"]
    bad = client.post(
        reverse("enterprises-create"), {**valid_data(world, postcode="abc"), "form_token": token}
    )
    assert bad.status_code == 200 and bad.context["form_token"] == token
    good = client.post(reverse("enterprises-create"), {**valid_data(world), "form_token": token})
    assert good.status_code == 302
    assert Enterprise.objects.filter(name="Nya Snickeriet").count() == 1


def test_the_create_form_carries_a_fresh_token(client, world):
    client.force_login(world.coordinator)
    first = client.get(reverse("enterprises-create"))
    second = client.get(reverse("enterprises-create"))
    assert first.context["form_token"] != second.context["form_token"]
    assert f'name="form_token" value="{first.context["form_token"]}"' in first.content.decode()


def test_full_create_still_201(coordinator_headers):
    assert post_api(coordinator_headers, FULL).status_code == 201


def test_a_page_form_sent_again_while_it_saves_is_sent_to_the_directory(client, world, monkeypatch):
    """The second submit does not wait for the first: it is told to look in a moment."""
    from stodplattform.enterprises import views
    from stodplattform.enterprises.tests.test_edit import valid_data

    client.force_login(world.coordinator)
    token = client.get(reverse("enterprises-create")).context["form_token"]
    data = {**valid_data(world), "form_token": token}
    real, seen = views.validate_and_save, {}

    def save_while_sent_again(make_form, *, by):
        seen["again"] = client.post(reverse("enterprises-create"), data)
        return real(make_form, by=by)

    monkeypatch.setattr(views, "validate_and_save", save_while_sent_again)
    first = client.post(reverse("enterprises-create"), data)
    enterprise = Enterprise.objects.get(name="Nya Snickeriet")
    assert first["Location"] == enterprise.get_absolute_url()
    assert seen["again"]["Location"] == reverse("enterprises-directory")
    told = [str(m) for m in get_messages(seen["again"].wsgi_request)]
    assert told == ["Formuläret håller fortfarande på att sparas. Titta i registret om en stund."]
