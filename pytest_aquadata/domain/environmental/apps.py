"""App config for the bundled `environmental` app."""

from django.apps import AppConfig


class EnvironmentalConfig(AppConfig):
    """Reference-schema app `environmental` (label `environmental`)."""

    name = "pytest_aquadata.domain.environmental"
    label = "environmental"
    default_auto_field = "django.db.models.BigAutoField"
