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

USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MEDIA_ROOT = str(BASE_DIR / "media")
