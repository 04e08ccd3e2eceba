"""pytest glue of the caches: the ``--aquadata-cache`` option, the cache folder (pytest's cache
dir, or ``$AQUADATA_CACHE_DIR``) and the schema cache around test-database creation."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

import pytest

from pytest_aquadata.cache.store import ENV_DIR

_STACK = pytest.StashKey[ExitStack]()
ROOT_KEY = pytest.StashKey["Path | None"]()
"""The cache folder of this run, or None when caching is off (stash of ``config``)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--aquadata-cache=on|off`` and its ini twin ``aquadata_cache``."""
    help_text = (
        "on (default): copy the migrated test schema and saturated farms from a cache kept in "
        f"pytest's cache folder (or ${ENV_DIR}); off: build them every time."
    )
    parser.getgroup("aquadata").addoption(
        "--aquadata-cache", dest="aquadata_cache", default=None, choices=("on", "off"),
        help=help_text,
    )
    parser.addini("aquadata_cache", help_text, default="on")


def cache_root_of(config: pytest.Config) -> Path | None:
    """The cache folder for this run: ``$AQUADATA_CACHE_DIR``, else pytest's cache folder;
    None when ``--aquadata-cache=off`` or pytest's cache plugin is disabled."""
    from pytest_aquadata.cache.store import cache_root

    raw = config.getoption("aquadata_cache", None) or config.getini("aquadata_cache")
    if str(raw).strip().lower() not in ("on", "off"):
        raise pytest.UsageError(f"aquadata_cache must be on or off, got {raw!r}")
    if str(raw).strip().lower() == "off":
        return None
    cache = getattr(config, "cache", None)
    default = cache.mkdir("aquadata") if cache is not None else None
    if default is None and not os.environ.get(ENV_DIR):
        return None
    return cache_root(Path(default) if default is not None else None)


READY_SETTINGS = "pytest_aquadata.settings"


def _ready_settings_test_database(config: pytest.Config) -> None:
    """The ready settings name a SQLite test database file (so ``--reuse-db`` has something
    to reuse); without ``--reuse-db`` the test database stays in memory: faster, nothing left
    behind, and two runs in one folder never share a file."""
    from django.conf import settings

    if config.getoption("reuse_db", False) or not settings.configured:
        return
    if getattr(settings, "SETTINGS_MODULE", None) != READY_SETTINGS:
        return
    database = settings.DATABASES.get("default", {})
    test = database.get("TEST") or {}
    if "sqlite" in database.get("ENGINE", "") and test.get("NAME"):
        test["NAME"] = None


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Route test-database creation through the schema cache for the whole session."""
    from pytest_aquadata.cache.store import writable
    from pytest_aquadata.cache.testdb import schema_cache

    _ready_settings_test_database(config)
    root = writable(cache_root_of(config))
    config.stash[ROOT_KEY] = root
    stack = ExitStack()
    if root is not None:
        stack.enter_context(schema_cache(root))
    config.stash[_STACK] = stack


def pytest_unconfigure(config: pytest.Config) -> None:
    """Put Django's ``create_test_db`` back."""
    stack = config.stash.get(_STACK, None)
    if stack is not None:
        stack.close()
