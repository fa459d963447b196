import pytest

from stodplattform.followup.testing import make_figures


@pytest.fixture
def scene(world):
    """Enterprise A: 2024 checked, 2025 self-reported; the other platform's enterprise: 2025 self-reported."""
    world.checked = make_figures(world, year=2024, state="checked")
    world.reported = make_figures(world, year=2025, state="submitted")
    world.other = make_figures(world, enterprise=world.other_enterprise, year=2025, state="submitted")
    return world
