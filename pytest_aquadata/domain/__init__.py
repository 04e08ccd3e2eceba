"""The bundled reference schema: one Django app per domain area, labels as in SCHEMA.md."""

APP_LABELS: tuple[str, ...] = (
    "users",
    "infrastructure",
    "environmental",
    "batch",
    "inventory",
    "health",
    "broodstock",
    "scenario",
    "planning",
    "harvest",
    "finance",
    "finance_core",
)

#: Dotted paths for INSTALLED_APPS: ``INSTALLED_APPS += BUNDLED_APPS`` adds the whole schema.
BUNDLED_APPS: list[str] = [f"pytest_aquadata.domain.{label}" for label in APP_LABELS]

#: Django and third-party apps the bundled schema needs next to it.
REQUIRED_APPS: list[str] = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "simple_history",
]
