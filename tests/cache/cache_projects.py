"""A throw-away host project with its own app and migrations, for the cache tests (pytester)."""

from __future__ import annotations

import pytest

# The bundled apps (the plugin needs them) come from their models, the host app from its own
# migrations: the schema key covers both.
SETTINGS = """
from pytest_aquadata.domain import APP_LABELS, BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS, "pens"]
MIGRATION_MODULES = {label: None for label in APP_LABELS}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""

MODELS = """
from django.db import models

class Pen(models.Model):
    name = models.CharField(max_length=20)
"""

INITIAL = """
from django.db import migrations, models

class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Pen",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=20)),
            ],
        ),
    ]
"""

# What the schema cache did for this worker's test database, written where the outer test
# reads it (one file per xdist worker).
TEST_FILE = """
import os
from pathlib import Path
from pens.models import Pen
from pytest_aquadata.cache.testdb import outcomes

def test_pens(db):
    Pen.objects.create(name="a")
    assert Pen.objects.count() == 1
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path(os.environ["OUTCOME_DIR"], worker).write_text(outcomes.get("default", "bypassed"))
"""


PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_reachable() -> bool:
    """Whether the PostgreSQL server of this machine answers."""
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception:
        return False
    return True


def make_project(pytester: pytest.Pytester, settings: str = SETTINGS) -> None:
    """Write the host project: settings, the ``pens`` app with one migration, one test."""
    pytester.makepyfile(host_settings=settings, test_pens=TEST_FILE)
    pytester.mkpydir("pens")
    pytester.mkpydir("pens/migrations")
    pytester.path.joinpath("pens/models.py").write_text(MODELS)
    pytester.path.joinpath("pens/migrations/0001_initial.py").write_text(INITIAL)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = host_settings\naddopts = -p no:randomly\n"
    )
    pytester.path.joinpath("outcomes").mkdir()


def outcomes(pytester: pytest.Pytester) -> list[str]:
    """What the schema cache did in each process of the last run, sorted."""
    folder = pytester.path / "outcomes"
    found = sorted(path.read_text() for path in folder.iterdir())
    for path in folder.iterdir():
        path.unlink()
    return found
