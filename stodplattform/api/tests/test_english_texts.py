"""The optional English texts of a showcase and an event are written through the API too."""


def test_a_manager_writes_the_english_showcase_text(as_token, world):
    response = as_token(world.manager_a).patch(
        f"/enterprises/{world.enterprise_a.slug}", {"description_en": "Second-hand shop in Ludvika."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["description_en"] == "Second-hand shop in Ludvika."
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.description_en == "Second-hand shop in Ludvika."


def test_a_coordinator_writes_the_english_event_text(as_token, world):
    from stodplattform.events.testing import make_event

    event = make_event(world.platform)
    response = as_token(world.coordinator).patch(f"/events/{event.slug}", {"description_en": "Welcome."})
    assert response.status_code == 200, response.content
    assert response.json()["description_en"] == "Welcome."
