"""Cache keys: a hash of everything that shapes a migrated schema, and of a saturated farm.

A key is a hex digest; any change in a migration file's content, the Django version, the
database engine or server, or the installed apps gives a new key, so a stale entry is never hit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from pathlib import Path
from typing import Any

KEY_FORMAT = 1
"""Bumped when the layout of cache entries changes."""


def _digest(material: Any) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=_default).encode()).hexdigest()


def _module_files(module_name: str) -> list[tuple[str, str]]:
    """(relative path, sha256) of every ``.py`` file of a migrations package (or module)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return [("<missing>", "")]
    paths = [Path(p) for p in getattr(module, "__path__", [])]
    if not paths and getattr(module, "__file__", None):
        file = Path(module.__file__)
        return [(file.name, hashlib.sha256(file.read_bytes()).hexdigest())]
    files = []
    for root in paths:
        for file in sorted(root.rglob("*.py")):
            files.append(
                (file.relative_to(root).as_posix(), hashlib.sha256(file.read_bytes()).hexdigest())
            )
    return files


def _default(value: object) -> str:
    """JSON fallback: callables by dotted name (their repr holds an address), others by str."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return str(value)


def _serialized(value: object) -> str:
    """``value`` as a migration file would write it (stable across processes, unlike reprs
    holding addresses); ``str`` for what migrations cannot serialise."""
    from django.db.migrations.writer import MigrationWriter

    try:
        return MigrationWriter.serialize(value)[0]
    except ValueError:
        return _default(value)


def model_states(config: Any) -> str:
    """A hash of the models of an app without migrations (their tables come from the models
    themselves, ``run_syncdb``): fields, options and bases as ``makemigrations`` sees them."""
    from django.db.migrations.state import ModelState

    states = []
    for model in config.get_models():
        state = ModelState.from_model(model)
        fields = [(name, _serialized(field)) for name, field in state.fields.items()]
        states.append(
            (state.name, fields, _serialized(state.options), _serialized(list(state.bases)))
        )
    text = json.dumps(sorted(states), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def migration_files() -> dict[str, Any]:
    """Per installed app label: its migration files by content (not mtime), or for an app
    without migrations a hash of its models."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    result: dict[str, Any] = {}
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        files = [] if module_name is None else _module_files(module_name)
        if not files or files == [("<missing>", "")]:
            result[config.label] = {"models": model_states(config)}
        else:
            result[config.label] = files
    return result


def migrations_enabled() -> bool:
    """False when migrations are switched off for every app (pytest-django's
    ``--no-migrations``): the schema then comes from the models and is not cached."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    return any(
        MigrationLoader.migrations_module(config.label)[0] is not None
        for config in apps.get_app_configs()
    )


def server_of(settings_dict: dict[str, Any], vendor: str) -> str:
    """Where the database lives, for engines whose templates are server-side objects."""
    if vendor == "sqlite":
        return ""
    return f"{settings_dict.get('HOST') or 'localhost'}:{settings_dict.get('PORT') or ''}"


def schema_key(connection: Any) -> str:
    """The key of the migrated schema of ``connection``: migration files of every installed
    app, Django version, engine, server, installed apps and the user model."""
    import django
    from django.apps import apps
    from django.conf import settings

    import pytest_aquadata.domain.migration_ops as ops

    material = {
        "format": KEY_FORMAT,
        "django": django.__version__,
        "vendor": connection.vendor,
        "engine": connection.settings_dict.get("ENGINE"),
        "server": server_of(connection.settings_dict, connection.vendor),
        "apps": [config.name for config in apps.get_app_configs()],
        "user_model": settings.AUTH_USER_MODEL,
        "migrations": migration_files(),
        "operations": hashlib.sha256(Path(ops.__file__).read_bytes()).hexdigest(),
    }
    return _digest(material)


def plugin_source_digest() -> str:
    """A hash of the plugin's own source files: a development checkout whose generator changed
    keeps its version number but must not hit an older farm."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for file in sorted(root.rglob("*.py")):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def snapshot_key(
    schema: str, *, scale: str, seed: int, as_of: dt.date, readings_per_day: int
) -> str:
    """The key of a saturated farm: its options, the schema key and the plugin version."""
    from pytest_aquadata import __version__

    material = {
        "format": KEY_FORMAT,
        "schema": schema,
        "scale": scale,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "readings_per_day": readings_per_day,
        "plugin": __version__,
        "source": plugin_source_digest(),
    }
    return _digest(material)
