from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stodplattform.core"
    label = "core"

    def ready(self):
        # Registers the rules permissions and SQLite's Unicode-aware LIKE.
        from stodplattform.core import access, sqlite  # noqa: F401
