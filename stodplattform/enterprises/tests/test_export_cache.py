"""The open-data exports: streamed, kept per version, and answered 304 when nothing changed."""

import csv
import io
import json
import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.core.exports import _tee
from stodplattform.enterprises.models import Industry


@pytest.fixture(autouse=True)
def _export_folder(settings, tmp_path):
    settings.EXPORT_CACHE_ROOT = tmp_path / "exports"


FORMATS = ["enterprises-export-csv", "enterprises-export-json", "enterprises-export-xlsx"]


def _body(response):
    return response.getvalue() if response.streaming else response.content


@pytest.mark.parametrize("name", FORMATS)
def test_an_unchanged_export_answers_304_to_its_etag(client, world, name):
    url = reverse(name)
    first = client.get(url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    body = _body(first)  # read to the end: the file is kept
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert len(queries) == 1  # the generation, nothing else
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    # Another client without the ETag gets the kept file; the database is not read for rows.
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
    assert kept.status_code == 200 and kept["X-Cache"] == "hit"
    assert _body(kept) == body
    assert len(queries) == 1


@pytest.mark.parametrize("name", FORMATS)
def test_a_change_gives_a_new_etag_and_fresh_rows(client, world, name):
    url = reverse(name)
    first = client.get(url)
    _body(first)
    world.enterprise_a.name = "Återbruket Ny"
    world.enterprise_a.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert after["X-Cache"] == "miss"
    if name != "enterprises-export-xlsx":
        assert "Återbruket Ny" in _body(after).decode("utf-8-sig")


def test_filters_and_languages_have_their_own_versions(client, world):
    url = reverse("enterprises-export-csv")
    everything = client.get(url)
    filtered = client.get(url, {"municipality": "2085"})
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert len({everything["ETag"], filtered["ETag"], english["ETag"]}) == 3
    assert _body(filtered).count(b"\r\n") == 2  # the header and Återbruket A
    assert _body(english).decode("utf-8-sig").startswith("Name;")
    assert _body(everything).decode("utf-8-sig").startswith("Namn;")


def test_csv_and_json_rows_hold_every_public_field(client, world):
    world.enterprise_a.industries.set(Industry.objects.filter(code__in=["47.792", "81.300"]))
    rows = list(
        csv.DictReader(
            io.StringIO(_body(client.get(reverse("enterprises-export-csv"))).decode("utf-8-sig")),
            delimiter=";",
        )
    )
    row = next(r for r in rows if r["Namn"] == "Återbruket A")
    assert row["SNI-koder"] == "47.792; 81.300"
    assert row["Profilsida"].endswith(world.enterprise_a.get_absolute_url())
    assert row["Varor"] == "Begagnade möbler"
    assert row["Säljer till privatpersoner"] in {"Ja", "Nej"}

    data = json.loads(_body(client.get(reverse("enterprises-export-json"))))
    item = next(r for r in data["results"] if r["name"] == "Återbruket A")
    assert data["count"] == len(data["results"]) == 3
    assert item["sni_codes"] == ["47.792", "81.300"]
    assert item["goods"] == ["Begagnade möbler"]
    assert item["url"].endswith(world.enterprise_a.get_absolute_url())
    assert isinstance(item["sells_to_public"], bool)


def test_an_export_streams_and_a_broken_download_keeps_no_file(client, world, settings):
    response = client.get(reverse("enterprises-export-csv"))
    assert response.streaming
    _body(response)
    assert len(list(settings.EXPORT_CACHE_ROOT.glob("*.csv"))) == 1
    # What the server does when the client goes away: the generator is closed half-way.
    chunks = _tee(iter([b"a;b\r\n", b"c;d\r\n"]), settings.EXPORT_CACHE_ROOT / "broken.csv")
    assert next(chunks) == b"a;b\r\n"
    chunks.close()
    assert [p.name for p in settings.EXPORT_CACHE_ROOT.iterdir()] == [
        p.name for p in settings.EXPORT_CACHE_ROOT.glob("*.csv") if p.name != "broken.csv"
    ]
    assert not (settings.EXPORT_CACHE_ROOT / "broken.csv").exists()


def _kept(settings):
    return sorted(p for p in settings.EXPORT_CACHE_ROOT.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("name", FORMATS)
def test_unknown_parameters_and_invalid_values_make_no_new_file(client, world, settings, name):
    url = reverse(name)
    first = client.get(url)
    body = _body(first)
    junk = [{f"x{i}": str(i)} for i in range(150)]
    junk += [{"municipality": f"no-{i}", "what": f"nothing-{i}", "utm_source": str(i)} for i in range(150)]
    for params in junk:
        response = client.get(url, params)
        assert response.status_code == 200
        assert response["ETag"] == first["ETag"]
        assert _body(response) == body
    assert len(_kept(settings)) == 1


def test_the_same_filters_in_another_order_or_with_junk_share_one_file(client, world, settings):
    url = reverse("enterprises-export-csv")
    one = client.get(f"{url}?municipality=2085&what=goods")
    body = _body(one)
    other = client.get(f"{url}?x=1&what=goods&q=&municipality=2085&page=3")
    assert other["ETag"] == one["ETag"] and other["X-Cache"] == "hit"
    assert _body(other) == body
    assert len(_kept(settings)) == 1
    # A different valid filter is a different file.
    assert client.get(f"{url}?municipality=2085")["ETag"] != one["ETag"]


def test_the_oldest_files_go_when_the_kept_ones_pass_the_cap(client, world, settings):
    url = reverse("enterprises-export-csv")
    full = len(_body(client.get(url)))
    filtered = len(_body(client.get(url, {"municipality": "2085"})))
    (path,) = [p for p in _kept(settings) if p.stat().st_size == filtered]
    path.unlink()  # made again below, now that its size is known
    for age, name in [(300, "oldest.csv"), (200, "older.csv"), (100, "newer.csv")]:
        old = settings.EXPORT_CACHE_ROOT / name
        old.write_bytes(b"x" * 1000)
        stamp = time.time() - age
        os.utime(old, (stamp, stamp))
    # Room for the two exports and one of the three old files: the two oldest go.
    settings.EXPORT_CACHE_MAX_BYTES = full + filtered + 1500
    again = client.get(url, {"municipality": "2085"})
    assert again["X-Cache"] == "miss" and len(_body(again)) == filtered  # kept once read to the end
    names = {p.name for p in _kept(settings)}
    assert "oldest.csv" not in names and "older.csv" not in names
    assert "newer.csv" in names and len(names) == 3


def test_files_past_their_age_go_whatever_the_cap(client, world, settings):
    root = settings.EXPORT_CACHE_ROOT
    root.mkdir(parents=True)
    old = root / "yesterday.csv"
    old.write_bytes(b"x")
    stamp = time.time() - settings.EXPORT_CACHE_SECONDS - 10
    os.utime(old, (stamp, stamp))
    _body(client.get(reverse("enterprises-export-csv")))
    assert not old.exists() and len(_kept(settings)) == 1
