"""The import graph of pytest_aquadata: no import cycle (function-level imports included), and the
import-linter layer contracts of pyproject.toml hold and name every package they must forbid."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: import-linter depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "pytest_aquadata"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import statement of the package: module level, inside functions, TYPE_CHECKING
    (read afresh: grimp's on-disk cache can serve a stale graph after edits)."""
    return grimp.build_graph(PACKAGE, include_external_packages=False, cache_dir=None)


def test_no_module_is_part_of_an_import_cycle(graph: grimp.ImportGraph) -> None:
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert not cycles, "import cycles inside pytest_aquadata:\n" + "\n".join(cycles)


def test_no_import_cycle_between_sibling_packages_at_any_depth(graph: grimp.ImportGraph) -> None:
    packages = sorted(m for m in graph.modules if graph.find_children(m))
    breakers = {p: sorted(graph.nominate_cycle_breakers(p)) for p in packages}
    cycles = {p: b for p, b in breakers.items() if b}
    assert not cycles, f"packages that import each other (imports that would break it): {cycles}"


def test_the_layer_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_sim_and_reference_contracts_forbid_every_third_party_package_the_project_imports() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    everything = grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)
    third_party = {
        m.split(".")[0]
        for m in everything.modules
        if m.split(".")[0] not in (PACKAGE, *sys.stdlib_module_names)
    }
    assert {"django", "numpy", "pytest"} <= third_party
    for contract, allowed in (("sim", {"numpy"}), ("reference", set())):
        forbidden = set(contracts[contract]["forbidden_modules"])
        assert f"{PACKAGE}.*" in forbidden, contract
        assert third_party - allowed <= forbidden, (contract, sorted(third_party - forbidden))
