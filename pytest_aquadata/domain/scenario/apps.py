"""App config for the bundled `scenario` app."""

from django.apps import AppConfig


class ScenarioConfig(AppConfig):
    """Reference-schema app `scenario` (label `scenario`)."""

    name = "pytest_aquadata.domain.scenario"
    label = "scenario"
    default_auto_field = "django.db.models.BigAutoField"
