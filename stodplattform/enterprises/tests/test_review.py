"""The start page flags a public profile nobody has confirmed for a year (Sofisam closed in 2020 for want of upkeep)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from stodplattform.enterprises.models import Enterprise


def test_a_profile_not_confirmed_for_a_year_is_flagged_and_can_be_confirmed(client, world):
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(world.manager_a)
    html = client.get(reverse("portal-start")).content.decode()
    assert "Behöver ses över" in html
    assert client.post(reverse("enterprises-confirm", args=[world.enterprise_a.slug])).status_code == 302
    world.enterprise_a.refresh_from_db()
    assert timezone.now() - world.enterprise_a.reviewed_at < datetime.timedelta(minutes=1)
    assert "Behöver ses över" not in client.get(reverse("portal-start")).content.decode()
    # Steering members may look but not confirm; another enterprise's manager gets 404.
    client.force_login(world.steering)
    assert client.post(reverse("enterprises-confirm", args=[world.enterprise_a.slug])).status_code == 403
    client.force_login(world.manager_b)
    assert client.post(reverse("enterprises-confirm", args=[world.enterprise_a.slug])).status_code == 404
