"""The history safety net after a build (rows.history_sync): an object changed or created
without a history row gets one equal to its current row; an object whose newest history row is
current gets none, and a second pass writes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.history_sync import sync_history

pytestmark = pytest.mark.django_db


def test_objects_changed_without_history_get_one_row_equal_to_the_object() -> None:
    geography = apps.get_model("infrastructure", "Geography")
    kept, changed, unrecorded = (
        geography.objects.create(name=name) for name in ("Kept", "Changed", "Unrecorded")
    )
    geography.objects.filter(pk=changed.pk).update(description="moved north")  # no history
    geography.history.filter(id=unrecorded.pk).delete()
    created = geography.history.get(id=changed.pk)

    assert sync_history(BuildContext(seed=1)) >= 2

    def rows(obj: object) -> list:
        return list(geography.history.filter(id=obj.pk).order_by("history_id"))

    assert [h.history_type for h in rows(kept)] == ["+"]
    assert [h.history_type for h in rows(unrecorded)] == ["+"]
    assert [h.history_type for h in rows(changed)] == ["+", "~"]
    newest = rows(changed)[-1]
    assert newest.description == "moved north"
    assert newest.history_date >= created.history_date
    for obj in (kept, changed, unrecorded):
        obj.refresh_from_db()
        last = rows(obj)[-1]
        assert (last.name, last.description) == (obj.name, obj.description)

    assert sync_history(BuildContext(seed=1)) == 0
