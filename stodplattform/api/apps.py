from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stodplattform.api"
    label = "api"
