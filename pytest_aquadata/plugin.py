"""pytest glue: the `aquadata` option group, the seed in the header, and the fixtures."""

from __future__ import annotations

import random

import pytest

from pytest_aquadata.seeding import parse_seed

_SEED_HELP = "Seed for all generated data (numpy, factory_boy, Faker). Default: random, printed in the header."


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the aquadata options and their ini twins."""
    group = parser.getgroup("aquadata", "realistic salmon-farm data (pytest-aquadata)")
    group.addoption("--aquadata-seed", dest="aquadata_seed", default=None, help=_SEED_HELP)
    parser.addini("aquadata_seed", _SEED_HELP, default=None)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Resolve the seed once per run: option, ini file, pytest-randomly's seed, or random."""
    raw = config.getoption("aquadata_seed") or config.getini("aquadata_seed")
    randomly_seed = getattr(config.option, "randomly_seed", None)
    if raw in (None, "") and isinstance(randomly_seed, int):
        seed = randomly_seed % 2**32
    elif raw in (None, ""):
        seed = random.SystemRandom().randrange(2**32)
    else:
        try:
            seed = parse_seed(raw)
        except ValueError as exc:
            raise pytest.UsageError(f"--aquadata-seed / aquadata_seed: {exc}") from None
    config.stash[SEED_KEY] = seed


def pytest_report_header(config: pytest.Config) -> str:
    """Print the seed so a run can be replayed with --aquadata-seed."""
    return f"aquadata: seed={config.stash[SEED_KEY]}"


SEED_KEY = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def aquadata_seed(request: pytest.FixtureRequest) -> int:
    """The seed of this run (same seed, same data)."""
    return request.config.stash[SEED_KEY]
