"""App config for the bundled `users` app."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    """Reference-schema app `users` (label `users`)."""

    name = "pytest_aquadata.domain.users"
    label = "users"
    default_auto_field = "django.db.models.BigAutoField"
