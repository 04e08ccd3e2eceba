"""App config for the bundled `infrastructure` app."""

from django.apps import AppConfig


class InfrastructureConfig(AppConfig):
    """Reference-schema app `infrastructure` (label `infrastructure`)."""

    name = "pytest_aquadata.domain.infrastructure"
    label = "infrastructure"
    default_auto_field = "django.db.models.BigAutoField"
