from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stodplattform.core"
    label = "core"

    def ready(self):
        from stodplattform.core import panels, privacy, sqlite  # noqa: F401  (SQLite's Unicode-aware LIKE)

        privacy.autodiscover()
        panels.autodiscover()
