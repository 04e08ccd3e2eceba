"""App config for the bundled `broodstock` app."""

from django.apps import AppConfig


class BroodstockConfig(AppConfig):
    """Reference-schema app `broodstock` (label `broodstock`)."""

    name = "pytest_aquadata.domain.broodstock"
    label = "broodstock"
    default_auto_field = "django.db.models.BigAutoField"
