"""Counts and weights whose exact biomass fits two decimals, so a host model that derives
``biomass_kg = population_count × avg_weight_g / 1000`` unrounded in save() accepts them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_aquadata.factories.base import reseed
from pytest_aquadata.factories.batch import (
    BatchContainerAssignmentFactory,
    BatchCreationWorkflowFactory,
    BatchMixEventComponentFactory,
    BatchTransferWorkflowFactory,
)
from pytest_aquadata.factories.exact_biomass import (
    count_step,
    fits,
    fitting_count,
    fitting_pair,
)
from pytest_aquadata.sim import params

CENT = Decimal("0.01")


def host_biomass(count: int, weight_g: Decimal) -> Decimal:
    """What a host save() computes: the exact product, no rounding."""
    return Decimal(count) * Decimal(weight_g) / 1000


def assert_host_accepts(count: int, weight_g: Decimal, stored: Decimal) -> None:
    exact = host_biomass(count, weight_g)
    assert exact == exact.quantize(CENT), (count, weight_g, exact)
    assert stored == exact


weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9000"), places=2)


@given(count=st.integers(1, 2_000_000), weight=weights)
def test_fitting_count_keeps_all_but_less_than_one_step(count: int, weight: Decimal) -> None:
    fitted = fitting_count(count, weight)
    assert fits(fitted, weight)
    step = count_step(weight)
    assert fitted == step if count < step else count - step < fitted <= count


@given(count=st.integers(1, 2_000_000), weight=weights)
def test_fitting_pair_stays_near_the_wanted_pair(count: int, weight: Decimal) -> None:
    fitted_count, fitted_weight = fitting_pair(count, weight)
    assert fits(fitted_count, fitted_weight)
    assert abs(fitted_weight - weight) <= max(weight * Decimal("0.02"), CENT)
    assert fitted_weight.as_tuple().exponent == -2
    if count >= 1000:  # one whole step at most, whatever the weight
        assert count - 1000 < fitted_count <= count


def test_steps() -> None:
    assert count_step(Decimal("250")) == 1  # any count of 250 g fish
    assert count_step(Decimal("0.14")) == 500  # 500 eggs of 0.14 g weigh 0.07 kg
    assert count_step(Decimal("12.34")) == 500
    assert count_step(Decimal("12.35")) == 200
    assert fits(4321, Decimal("2.50")) is False  # 10.8025 kg
    assert fits(4320, Decimal("2.50")) is True


@pytest.mark.django_db
@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_assignments_over_many_seeds_fit_a_host_save(stage: str) -> None:
    for seed in range(25):
        reseed(seed)
        bca = BatchContainerAssignmentFactory.build(stage=stage)
        assert_host_accepts(bca.population_count, bca.avg_weight_g, bca.biomass_kg)
        info = params.STAGE_BY_NAME[stage]
        assert info.weight_min_g <= bca.avg_weight_g <= info.weight_max_g
        assert bca.biomass_kg <= bca.container.max_biomass_kg


@pytest.mark.django_db
def test_given_weight_gets_a_fitting_count() -> None:
    bca = BatchContainerAssignmentFactory(avg_weight_g=Decimal("12.34"), stage="Parr")
    assert bca.population_count % 500 == 0
    assert_host_accepts(bca.population_count, bca.avg_weight_g, bca.biomass_kg)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_moved_delivered_and_mixed_fish_fit_a_host_save(seed: int) -> None:
    reseed(seed)
    moved = BatchTransferWorkflowFactory(stage="Smolt", completed=True)
    delivered = BatchCreationWorkflowFactory(completed=True)
    rows = [a.dest_assignment for a in moved.actions.all()]
    rows += [a.dest_assignment for a in delivered.actions.all()]
    for bca in rows:
        bca.refresh_from_db()
        assert_host_accepts(bca.population_count, bca.avg_weight_g, bca.biomass_kg)
    for action in moved.actions.all():
        weight = action.dest_assignment.avg_weight_g
        assert_host_accepts(action.transferred_count, weight, action.transferred_biomass_kg)
    component = BatchMixEventComponentFactory()
    source = component.source_assignment
    assert component.population_count == source.population_count
    assert_host_accepts(component.population_count, source.avg_weight_g, component.biomass_kg)
