"""Matching open calls to enterprises and prospects: each criterion on its own, both ways."""

import datetime

import pytest
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise, Industry, OfferKind
from stodplattform.financing import matching
from stodplattform.financing.models import FundingCall
from stodplattform.financing.testing import make_call, make_figures, make_tender
from stodplattform.platforms.models import Municipality, Region
from stodplattform.support.models import Prospect, Stage

TODAY = datetime.date(2026, 12, 6)


def fits(call, enterprise):
    call = matching.with_criteria(FundingCall.objects.filter(pk=call.pk)).get()
    (candidate,) = matching.enterprise_candidates(Enterprise.objects.filter(pk=enterprise.pk))
    return matching.fits(call, candidate, TODAY)


@pytest.fixture
def a(world):
    e = world.enterprise_a  # Ludvika (2085, Dalarna), second hand
    e.legal_form = "ek"
    e.year_founded = 2020
    e.save()
    return e


def test_open_call_without_criteria_fits_everyone_of_its_platform(world, a):
    assert fits(make_call(world.platform), a)
    assert not fits(make_call(world.other_platform), a)


def test_installation_wide_and_regional_calls_reach(world, a):
    assert fits(make_call(None), a)
    dalarna = a.municipality.region
    other_region = Region.objects.exclude(pk=dalarna.pk).first()
    assert fits(make_call(None, region=dalarna), a)
    assert not fits(make_call(None, region=other_region), a)


def test_past_deadline_never_fits_continuous_always(world, a):
    past = make_call(world.platform, days=0)
    past.deadline = TODAY - datetime.timedelta(days=1)
    past.save()
    assert not fits(past, a)
    assert fits(make_call(world.platform, deadline=None, continuous=True), a)


@pytest.mark.parametrize(("forms", "expected"), [(["ek"], True), (["ab", "ideell"], False), ([], True)])
def test_legal_form(world, a, forms, expected):
    assert fits(make_call(world.platform, legal_forms=forms), a) is expected


def test_unknown_legal_form_does_not_exclude(world, a):
    a.legal_form = ""
    a.save()
    assert fits(make_call(world.platform, legal_forms=["ab"]), a)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(6, None, True), (7, None, False), (None, 6, True), (None, 5, False), (1, 10, True)],
)
def test_age_in_years_since_founded(world, a, low, high, expected):
    # Founded 2020, today 2026: six years.
    assert fits(make_call(world.platform, min_age_years=low, max_age_years=high), a) is expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(3, None, True), (4, None, False), (None, 3, True), (None, 2, False)],
)
def test_size_by_the_latest_key_figures(world, a, low, high, expected):
    make_figures(a, occupied=10, target_group=5, employees=1, year=2024)
    make_figures(a, occupied=10, target_group=5, employees=3, year=2025)  # the latest counts
    assert fits(make_call(world.platform, min_employees=low, max_employees=high), a) is expected


def test_size_unknown_without_key_figures_does_not_exclude(world, a):
    assert fits(make_call(world.platform, min_employees=50), a)


def test_municipality_and_region(world, a):
    ludvika, falun = Municipality.objects.get(code="2085"), Municipality.objects.get(code="2080")
    assert fits(make_call(world.platform, municipalities=[ludvika]), a)
    assert not fits(make_call(world.platform, municipalities=[falun]), a)
    assert fits(make_call(world.platform, regions=[ludvika.region]), a)
    other = Region.objects.exclude(pk=ludvika.region_id).first()
    assert not fits(make_call(world.platform, regions=[other]), a)


def test_industry(world, a):
    recycling, cafe = Industry.objects.get(code="47.792"), Industry.objects.get(code="56.100")
    assert fits(make_call(world.platform, industries=[recycling, cafe]), a)
    assert not fits(make_call(world.platform, industries=[cafe]), a)


@pytest.mark.parametrize(("statuses", "expected"), [(["active"], True), (["startup", "idea"], False)])
def test_status(world, a, statuses, expected):
    assert fits(make_call(world.platform, statuses=statuses), a) is expected


def test_prospects_match_as_ideas_or_start_ups(world):
    ludvika = Municipality.objects.get(code="2085")
    idea = Prospect.objects.create(
        platform=world.platform, name="Idé", contact_name="X", municipality=ludvika
    )
    plan = Prospect.objects.create(
        platform=world.platform, name="Plan", contact_name="Y", municipality=ludvika, stage=Stage.PLAN
    )
    startup_call = matching.with_criteria(
        FundingCall.objects.filter(pk=make_call(world.platform, statuses=["startup"], max_age_years=1).pk)
    ).get()
    candidates = matching.prospect_candidates(Prospect.objects.all())
    assert [c.obj for c in candidates if matching.fits(startup_call, c, TODAY)] == [plan]
    assert idea in [c.obj for c in candidates]


def test_tender_fits_by_offers_on_its_platform(world, a):
    cleaning = OfferKind.objects.get(code="stadning")
    training = OfferKind.objects.get(code="arbetstraning")
    a.offers.set([training])
    world.other_enterprise.offers.set([training])
    candidates = matching.enterprise_candidates(Enterprise.objects.all())
    tender = make_tender(world.platform, offers=[training])
    wrong = make_tender(world.platform, offers=[cleaning])
    today = timezone.localdate()
    assert [c.obj for c in candidates if matching.tender_fits(tender, c, today)] == [a]
    assert not [c for c in candidates if matching.tender_fits(wrong, c, today)]


def test_candidates_load_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for i in range(5):
        Enterprise.objects.create(
            platform=world.platform, name=f"E{i}", slug=f"e{i}", municipality=world.enterprise_a.municipality
        )
    with django_assert_max_num_queries(3):
        assert len(matching.enterprise_candidates(Enterprise.objects.all())) >= 9


def test_a_calls_places_are_read_once_and_anew_after_a_change(world, a, django_assert_num_queries):
    call = matching.with_criteria(FundingCall.objects.filter(pk=make_call(world.platform).pk)).get()
    (candidate,) = matching.enterprise_candidates(Enterprise.objects.filter(pk=a.pk))
    elsewhere = Municipality.objects.get(code="2080")
    with django_assert_num_queries(0):  # prefetched: tested against many candidates without a query
        assert all(matching.fits(call, candidate, TODAY) for _ in range(3))
    call.municipalities.set([elsewhere])  # drops Django's prefetched list, and with it the ids read
    assert not matching.fits(call, candidate, TODAY)
    call.municipalities.set([a.municipality])
    assert matching.fits(call, candidate, TODAY)
