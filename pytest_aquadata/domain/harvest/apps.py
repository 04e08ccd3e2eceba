"""App config for the bundled `harvest` app."""

from django.apps import AppConfig


class HarvestConfig(AppConfig):
    """Reference-schema app `harvest` (label `harvest`)."""

    name = "pytest_aquadata.domain.harvest"
    label = "harvest"
    default_auto_field = "django.db.models.BigAutoField"
