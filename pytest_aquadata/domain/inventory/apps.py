"""App config for the bundled `inventory` app."""

from django.apps import AppConfig


class InventoryConfig(AppConfig):
    """Reference-schema app `inventory` (label `inventory`)."""

    name = "pytest_aquadata.domain.inventory"
    label = "inventory"
    default_auto_field = "django.db.models.BigAutoField"
