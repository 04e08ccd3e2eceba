"""App config for the bundled `finance_core` app."""

from django.apps import AppConfig


class FinanceCoreConfig(AppConfig):
    """Reference-schema app `finance_core` (label `finance_core`)."""

    name = "pytest_aquadata.domain.finance_core"
    label = "finance_core"
    default_auto_field = "django.db.models.BigAutoField"
