import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stodplattform.interventions import services
from stodplattform.interventions.testing import make_budget, make_intervention

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def scene(world):
    """Budgets on both platforms; A's enterprise A has a submitted application, B's a prepared one;
    platform B has an approved intervention with an attachment-free expense."""
    world.budget = make_budget(world.platform)
    world.other_budget = make_budget(world.other_platform)
    world.ia = make_intervention(world, state="submitted")
    world.ib = make_intervention(world, state="prepared", enterprise=world.enterprise_b, title="Expertstöd")
    world.io = make_intervention(world, state="approved", platform=world.other_platform)
    world.attachment = services.add_attachment(
        world.ia, upload=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"), by=world.coordinator
    )
    return world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
