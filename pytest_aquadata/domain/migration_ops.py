"""``CreateModels``: one migration operation that creates many models of an app at once.

Django re-renders every related model after each ``CreateModel``/``AddField`` while migrating,
which made the bundled schema (≈180 models, most pointing at ``User`` and ``Batch``) take half a
minute; applying the whole app's state change first and rendering only its new models makes it
about 1.5× the time of creating the tables without migrations.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

_SUPPORTED = (
    migrations.CreateModel,
    migrations.AddField,
    migrations.AddIndex,
    migrations.AddConstraint,
    migrations.AlterUniqueTogether,
)


def _plain_column(field: Any) -> bool:
    """Whether every backend adds this field with a plain ``ALTER TABLE ADD COLUMN`` (SQLite
    rebuilds the table for anything else)."""
    return bool(field.null) and not field.unique and not field.has_default()


class CreateModels(Operation):
    """Apply ``CreateModel`` (and ``AddField``/``AddIndex``/``AddConstraint``/
    ``AlterUniqueTogether`` for those models) as one step: one state render, tables created
    from the final model state. ``AddField`` may also target a model of an earlier migration;
    per such model at most one field may need a table rebuild on SQLite (non-nullable, unique
    or with a default): it is added first, from the model as it was, then the plain columns."""

    reversible = True

    def __init__(self, operations: list[Operation]) -> None:
        self.operations = list(operations)
        created = self._created()
        rebuilt: set[str] = set()
        for op in self.operations:
            if not isinstance(op, _SUPPORTED):
                raise ValueError(f"CreateModels cannot hold {type(op).__name__}")
            if isinstance(op, migrations.CreateModel) or op.model_name_lower in created:
                continue
            if not isinstance(op, migrations.AddField):
                raise ValueError(
                    f"CreateModels: {type(op).__name__} on {op.model_name} (created earlier)"
                )
            if not _plain_column(op.field):
                if op.model_name_lower in rebuilt:
                    raise ValueError(
                        f"CreateModels: two non-nullable or unique fields added to {op.model_name}"
                    )
                rebuilt.add(op.model_name_lower)
        super().__init__()

    def _created(self) -> list[str]:
        return [
            op.name_lower for op in self.operations if isinstance(op, migrations.CreateModel)
        ]

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        """Serialise for the migration writer."""
        return (self.__class__.__qualname__, [], {"operations": self.operations})

    def describe(self) -> str:
        """One line for ``migrate --plan`` and ``sqlmigrate``."""
        return f"Create {len(self._created())} models ({len(self.operations)} operations)"

    @property
    def migration_name_fragment(self) -> str:
        """Name fragment used if makemigrations ever writes this operation."""
        return "create_models"

    def _touched(self, app_label: str) -> list[tuple[str, str]]:
        names = dict.fromkeys(
            op.name_lower if isinstance(op, migrations.CreateModel) else op.model_name_lower
            for op in self.operations
        )
        return [(app_label, name) for name in names]

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        """Apply every inner state change with rendering paused, then render what changed.

        Models of earlier migrations that gain a field are re-rendered the way Django does it
        (with every model related to them, recursively). The new models are only rendered into
        the registry: their relations point at models already there, which need no new class
        (Django would re-render everything related to each target, i.e. to ``User``: the whole
        state so far, once per migration)."""
        rendered = state.__dict__.pop("apps", None)
        try:
            for op in self.operations:
                op.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        if rendered is None:
            return
        created = set(self._created())
        altered = [key for key in self._touched(app_label) if key[1] not in created]
        if altered:
            state.reload_models(altered, delay=False)
        registered = rendered.all_models[app_label]
        rendered.render_multiple(
            [state.models[app_label, name] for name in sorted(created) if name not in registered]
        )

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        """Create each new table from its final state; add columns to earlier tables."""
        alias = schema_editor.connection.alias
        created = set(self._created())
        ordered = sorted(
            self.operations,
            key=lambda op: isinstance(op, migrations.AddField) and _plain_column(op.field),
        )
        for op in ordered:
            if isinstance(op, migrations.CreateModel):
                model = to_state.apps.get_model(app_label, op.name)
                if self.allow_migrate_model(alias, model):
                    schema_editor.create_model(model)
            elif isinstance(op, migrations.AddField) and op.model_name_lower not in created:
                to_model = to_state.apps.get_model(app_label, op.model_name)
                if self.allow_migrate_model(alias, to_model):
                    from_model = from_state.apps.get_model(app_label, op.model_name)
                    schema_editor.add_field(from_model, to_model._meta.get_field(op.name))
            # Indexes, constraints and fields of models created here came with create_model.

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        """Drop the added columns, then the created tables, in reverse order."""
        alias = schema_editor.connection.alias
        created = set(self._created())
        for op in reversed(self.operations):
            if isinstance(op, migrations.CreateModel):
                model = from_state.apps.get_model(app_label, op.name)
                if self.allow_migrate_model(alias, model):
                    schema_editor.delete_model(model)
            elif isinstance(op, migrations.AddField) and op.model_name_lower not in created:
                from_model = from_state.apps.get_model(app_label, op.model_name)
                if self.allow_migrate_model(alias, from_model):
                    schema_editor.remove_field(from_model, from_model._meta.get_field(op.name))
