"""CreateModels accepts only what it can apply in one step, and refuses the rest by name."""

from __future__ import annotations

import pytest
from django.db import migrations, models

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
