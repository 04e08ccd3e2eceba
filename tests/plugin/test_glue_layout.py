"""The pytest glue is one-way (plugin -> fixtures -> store -> options), uses no private names
across modules, and every public fixture is a literal def (issue 14 item 2)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

import pytest_aquadata
from pytest_aquadata import batch_store, fixtures, options

PACKAGE = Path(pytest_aquadata.__file__).parent
GLUE = ("plugin", "fixtures", "batch_store", "options", "factory_fixtures")
LAYER = {"plugin": 3, "fixtures": 2, "batch_store": 1, "options": 0}


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """Every import in the module (function-level ones too): (module, names imported)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            out.append((node.module, names))
            if node.module == "pytest_aquadata":
                out.extend((f"pytest_aquadata.{name}", []) for name in names)
        elif isinstance(node, ast.Import):
            out.extend((alias.name, []) for alias in node.names)
    return out


def test_nothing_imports_the_plugin_module() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(module == "pytest_aquadata.plugin" for module, _ in imports_of(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("module", LAYER)
def test_glue_imports_point_one_way(module: str) -> None:
    for imported, _names in imports_of(PACKAGE / f"{module}.py"):
        name = imported.removeprefix("pytest_aquadata.")
        if name in LAYER:
            assert LAYER[name] < LAYER[module], f"{module} imports {name}"


@pytest.mark.parametrize("module", GLUE)
def test_no_private_name_imported_from_another_module(module: str) -> None:
    for imported, names in imports_of(PACKAGE / f"{module}.py"):
        if imported.startswith("pytest_aquadata") or imported.startswith("_pytest"):
            assert not [n for n in names if n.startswith("_")], (module, imported, names)
        assert not imported.startswith("_pytest"), f"{module} imports pytest internals"


def test_plugin_holds_hooks_only() -> None:
    tree = ast.parse((PACKAGE / "plugin.py").read_text())
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert functions
    assert all(f.name.startswith("pytest_") for f in functions), [f.name for f in functions]


@pytest.mark.parametrize("name", list(batch_store.LIFECYCLE_STAGES))
def test_every_lifecycle_fixture_is_a_literal_typed_def(name: str) -> None:
    source = inspect.getsource(fixtures)
    assert (
        f"\ndef {name}(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:"
        in (source)
    )
    assert "globals().update" not in source
    assert "__signature__" not in source


def test_the_readings_default_is_defined_once() -> None:
    from pytest_aquadata.cli import build_parser
    from pytest_aquadata.rows.context import BuildContext
    from pytest_aquadata.rows.run import build_batch
    from pytest_aquadata.saturation import saturate
    from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY

    assert options.DEFAULT_READINGS_PER_DAY is DEFAULT_READINGS_PER_DAY
    for function in (build_batch, saturate):
        default = inspect.signature(function).parameters["readings_per_day"].default
        assert default is DEFAULT_READINGS_PER_DAY, function
    context_default = {f.name: f.default for f in dataclasses.fields(BuildContext)}
    assert context_default["readings_per_day"] is DEFAULT_READINGS_PER_DAY
    args = build_parser().parse_args(["saturate", "--database", "sqlite:///x.sqlite3"])
    assert args.readings is DEFAULT_READINGS_PER_DAY


def test_factory_fixtures_are_importable_from_one_module() -> None:
    from pytest_aquadata import factory_fixtures
    from pytest_aquadata.factory_fixtures import batch_factory, lice_count_factory

    assert {"batch_factory", "lice_count_factory"} <= set(dir(factory_fixtures))
    assert batch_factory is factory_fixtures.factory_fixtures()["batch_factory"]
    assert lice_count_factory is not batch_factory
    with pytest.raises(AttributeError):
        factory_fixtures.not_a_factory  # noqa: B018


def test_py_typed_is_shipped() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    assert (PACKAGE / "py.typed").exists()
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["pytest_aquadata"]
    assert "pytest_aquadata/fixtures.py" in pyproject["tool"]["mypy"]["files"]
