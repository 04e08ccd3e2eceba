"""App config for the bundled `planning` app."""

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Reference-schema app `planning` (label `planning`)."""

    name = "pytest_aquadata.domain.planning"
    label = "planning"
    default_auto_field = "django.db.models.BigAutoField"
