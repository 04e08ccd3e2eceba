"""Ready Django settings for standalone use: the bundled domain apps on SQLite or DATABASE_URL.

Host projects use their own settings and add ``pytest_aquadata.domain.BUNDLED_APPS`` only if
they lack apps of their own with the same labels.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS

BASE_DIR = Path(os.environ.get("AQUADATA_BASE_DIR", Path.cwd()))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "pytest-aquadata-not-a-secret")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["*"]

INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]

_default_sqlite = f"sqlite:///{BASE_DIR / 'aquadata.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=0
    ),
}


def _sqlite_test_file(database: dict) -> str | None:
    """``test_<name>`` next to a SQLite database file: a test database that outlives the run,
    so ``pytest --reuse-db`` reuses it (None for an in-memory database)."""
    name = str(database.get("NAME") or "")
    if "sqlite" not in database.get("ENGINE", "") or name in ("", ":memory:"):
        return None
    if name.startswith("file:"):
        return None
    path = Path(name)
    return str(path.with_name(f"test_{path.name}"))


if _sqlite_test_file(DATABASES["default"]):
    # pytest-aquadata's plugin keeps the test database in memory unless --reuse-db is given.
    DATABASES["default"]["TEST"] = {"NAME": _sqlite_test_file(DATABASES["default"])}

USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MEDIA_ROOT = str(BASE_DIR / "media")
