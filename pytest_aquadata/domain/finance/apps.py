"""App config for the bundled `finance` app."""

from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """Reference-schema app `finance` (label `finance`)."""

    name = "pytest_aquadata.domain.finance"
    label = "finance"
    default_auto_field = "django.db.models.BigAutoField"
