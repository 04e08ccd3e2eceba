"""App config for the bundled `batch` app."""

from django.apps import AppConfig


class BatchConfig(AppConfig):
    """Reference-schema app `batch` (label `batch`)."""

    name = "pytest_aquadata.domain.batch"
    label = "batch"
    default_auto_field = "django.db.models.BigAutoField"
