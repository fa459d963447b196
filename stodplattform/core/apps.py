from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stodplattform.core"
    label = "core"

    def ready(self):
        # Registers the rules permissions.
        from stodplattform.core import access  # noqa: F401
