"""pytest_aquadata.reference is plain data: importable before django.setup(), no Django in it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import pytest_aquadata.reference as reference
from pytest_aquadata.reference import geography, layout

MODULES = sorted(
    f"pytest_aquadata.reference.{m.name}" for m in pkgutil.iter_modules(reference.__path__)
)


def test_every_module_imports_without_django() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    # a fresh interpreter: this one has Django loaded already
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": ":".join(sys.path)})


def test_scale_table_names_every_scale_and_refuses_others() -> None:
    assert tuple(layout.SCALES) == ("small", "medium", "full")
    assert layout.scale("full").areas["Faroe Islands"] == 22
    with pytest.raises(ValueError, match=r"'huge'; allowed: small, medium, full"):
        layout.scale("huge")


def test_geography_prefix_of_known_and_other_geographies() -> None:
    assert [geography.geography_prefix(g) for g in geography.GEOGRAPHY_ORDER] == ["S", "FI"]
    assert geography.geography_prefix("Norway") == "NOR"
