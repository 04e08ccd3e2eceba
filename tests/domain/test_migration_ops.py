"""CreateModels accepts only what it can apply in one step, and refuses the rest by name; it
renders the state it changes once, and the bundled migrations build the tables syncdb builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import migrations, models
from django.db.migrations.state import ModelState, ProjectState

from pytest_aquadata.domain.migration_ops import CreateModels


def _pen() -> migrations.CreateModel:
    return migrations.CreateModel(
        name="Pen", fields=[("id", models.BigAutoField(primary_key=True))]
    )


def test_fields_of_earlier_models_must_be_addable_in_place() -> None:
    plain = migrations.AddField("ring", "note", models.TextField(null=True))
    rebuilt = migrations.AddField("ring", "code", models.CharField(max_length=5, unique=True))
    CreateModels([_pen(), plain, rebuilt])  # one table rebuild per earlier model is fine
    with pytest.raises(ValueError, match="two non-nullable or unique fields added to ring"):
        CreateModels([rebuilt, migrations.AddField("ring", "n", models.IntegerField())])


def test_other_operations_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot hold RunSQL"):
        CreateModels([_pen(), migrations.RunSQL("SELECT 1")])
    with pytest.raises(ValueError, match="AddIndex on ring"):
        CreateModels([migrations.AddIndex("ring", models.Index(fields=["id"], name="ring_i"))])


def test_describes_itself() -> None:
    assert CreateModels([_pen()]).describe() == "Create 1 models (1 operations)"


def _ring_state() -> ProjectState:
    state = ProjectState()
    state.add_model(
        ModelState("farm", "Ring", [("id", models.BigAutoField(primary_key=True))])
    )
    state.apps  # rendered, as the migration executor has it  # noqa: B018
    return state


def test_new_models_render_into_the_registry_without_re_rendering_their_targets() -> None:
    state = _ring_state()
    ring = state.apps.get_model("farm", "ring")
    pen = migrations.CreateModel(
        name="Pen",
        fields=[
            ("id", models.BigAutoField(primary_key=True)),
            ("ring", models.ForeignKey("farm.ring", models.CASCADE, related_name="pens")),
        ],
    )
    CreateModels([pen]).state_forwards("farm", state)
    assert state.apps.get_model("farm", "ring") is ring
    assert state.apps.get_model("farm", "pen")._meta.get_field("ring").related_model is ring
    assert [r.name for r in ring._meta.related_objects] == ["pens"]


def test_a_field_added_to_an_earlier_model_re_renders_it_and_its_relatives() -> None:
    state = _ring_state()
    CreateModels([migrations.CreateModel(
        name="Pen",
        fields=[
            ("id", models.BigAutoField(primary_key=True)),
            ("ring", models.ForeignKey("farm.ring", models.CASCADE)),
        ],
    )]).state_forwards("farm", state)
    before = state.clone()
    add = migrations.AddField("ring", "note", models.TextField(null=True))
    CreateModels([add]).state_forwards("farm", state)
    ring, pen = state.apps.get_model("farm", "ring"), state.apps.get_model("farm", "pen")
    assert ring is not before.apps.get_model("farm", "ring")
    assert pen._meta.get_field("ring").related_model is ring
    assert [f.name for f in ring._meta.local_fields] == ["id", "note"]
    assert [f.name for f in before.apps.get_model("farm", "ring")._meta.local_fields] == ["id"]


_SCHEMA = """
import json, os, sqlite3, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
if sys.argv[1] == "syncdb":
    settings.MIGRATION_MODULES = {c.label: None for c in apps.get_app_configs()}
call_command("migrate", verbosity=0, interactive=False, run_syncdb=sys.argv[1] == "syncdb")
db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
schema = {}
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
    indexes = sorted(
        [row[2], [c[2] for c in db.execute(f'PRAGMA index_info("{row[1]}")')],
         db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (row[1],)).fetchone()]
        for row in db.execute(f'PRAGMA index_list("{table}")')
    )
    schema[table] = {
        "columns": sorted(row[1:] for row in db.execute(f'PRAGMA table_info("{table}")')),
        "foreign_keys": sorted(row[2:] for row in db.execute(f'PRAGMA foreign_key_list("{table}")')),
        "indexes": indexes,
    }
print(json.dumps(schema))
"""


def _schema(how: str, folder: Path) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / how}.sqlite3"}
    out = subprocess.run([sys.executable, "-c", _SCHEMA, how], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_migrating_from_zero_builds_the_tables_syncdb_builds(tmp_path: Path) -> None:
    migrated, synced = _schema("migrate", tmp_path), _schema("syncdb", tmp_path)
    migrated.pop("django_migrations")
    assert migrated.keys() == synced.keys()
    assert [t for t in migrated if migrated[t] != synced[t]] == []
