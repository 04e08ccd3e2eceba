"""A host project whose own `batch` app derives biomass unrounded in save() and runs
full_clean() there accepts every row the factories make."""

from __future__ import annotations

from pathlib import Path

import pytest

import pytest_aquadata.domain.batch.models as bundled_batch_models

HOST_APP = """
from django.apps import AppConfig


class HostBatchConfig(AppConfig):
    name = "hostbatch"
    label = "batch"
    default_auto_field = "django.db.models.BigAutoField"
"""

# Appended to a copy of the bundled batch models: the host's own save() rules.
HOST_RULES = '''

def _host_assignment_save(self, *args, **kwargs):
    """The host's rule: biomass from count and weight, exact, then full validation."""
    if self.avg_weight_g is not None:
        self.biomass_kg = self.population_count * Decimal(self.avg_weight_g) / 1000
    self.full_clean()
    models.Model.save(self, *args, **kwargs)


def _host_component_save(self, *args, **kwargs):
    """The host's rule: a component weighs its fish at the source assignment's weight."""
    self.biomass_kg = self.population_count * self.source_assignment.avg_weight_g / 1000
    self.full_clean()
    models.Model.save(self, *args, **kwargs)


BatchContainerAssignment.save = _host_assignment_save
BatchMixEventComponent.save = _host_component_save
'''

SETTINGS = """
from pytest_aquadata.apps import with_aquadata_apps

SECRET_KEY = "x"
INSTALLED_APPS = with_aquadata_apps(
    ["django.contrib.auth", "django.contrib.contenttypes", "hostbatch"]
)
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

TESTS = """
from django.apps import apps

from pytest_aquadata.factories.base import reseed
from pytest_aquadata.sim.params import STAGE_NAMES


def test_the_host_app_answers_to_the_batch_label():
    assert apps.get_app_config("batch").name == "hostbatch"
    assert not apps.is_installed("pytest_aquadata.domain.batch")


def test_assignments_of_every_stage(batch_container_assignment_factory, db):
    for seed in range(12):
        reseed(seed)
        for stage in STAGE_NAMES:
            bca = batch_container_assignment_factory(stage=stage)
            bca.refresh_from_db()
            assert bca.biomass_kg == bca.population_count * bca.avg_weight_g / 1000


def test_moves_deliveries_and_mixes(
    batch_transfer_workflow_factory,
    batch_creation_workflow_factory,
    batch_mix_event_component_factory,
    db,
):
    for seed in range(3):
        reseed(seed)
        batch_transfer_workflow_factory(stage="Parr", completed=True)
        batch_creation_workflow_factory(completed=True)
        component = batch_mix_event_component_factory()
        assert component.biomass_kg == component.source_assignment.biomass_kg
"""


def test_host_batch_app_with_its_own_save_rules(pytester: pytest.Pytester) -> None:
    source = Path(bundled_batch_models.__file__).read_text()
    pytester.mkpydir("hostbatch")
    pytester.path.joinpath("hostbatch", "apps.py").write_text(HOST_APP)
    pytester.path.joinpath("hostbatch", "models.py").write_text(source + HOST_RULES)
    pytester.makepyfile(host_settings=SETTINGS, test_host=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = host_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    result = pytester.runpytest_subprocess("--aquadata-seed=11")
    result.assert_outcomes(passed=3)
