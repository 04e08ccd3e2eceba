"""Settings of the throw-away user projects the plugin tests run with pytester."""

from __future__ import annotations

import re

import pytest

_COMMON = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

SQLITE_MEMORY_SETTINGS = (
    _COMMON
    + """
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""
)

SQLITE_FILE_SETTINGS = (
    _COMMON
    + """
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "user.sqlite3",
                         "TEST": {"NAME": "test_user.sqlite3"}}}
"""
)


def postgres_settings(test_db: str) -> str:
    """Settings on the PostgreSQL server, with the test database named ``test_db``."""
    return (
        _COMMON
        + f"""
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": "postgres",
    "HOST": "127.0.0.1", "PORT": 5432, "TEST": {{"NAME": "{test_db}"}},
}}}}
"""
    )


def postgres_reachable() -> bool:
    """Whether the PostgreSQL server of this machine answers."""
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception:
        return False
    return True


def header(result: pytest.RunResult) -> tuple[int, str]:
    """Seed and as-of of the header line, which reads exactly ``aquadata: seed=N as-of=DATE``."""
    line = next(line for line in result.outlines if line.startswith("aquadata: "))
    match = re.fullmatch(r"aquadata: seed=(\d+) as-of=(\d{4}-\d{2}-\d{2})", line)
    assert match, line
    return int(match.group(1)), match.group(2)
