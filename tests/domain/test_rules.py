"""Domain behaviour of the bundled models: computed properties, clean() rules, save() derivations.

Rows are built directly with ``Model.objects.create`` through the small helpers below (no
factories); every name carries a random suffix so tests never depend on shared state.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from pytest_aquadata.domain import derive

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 10)


# --------------------------------------------------------------------------- helpers


def M(label: str):
    """A model class by its "app.Model" label."""
    return apps.get_model(label)


def uid() -> str:
    """A short random suffix that keeps unique columns unique."""
    return uuid.uuid4().hex[:8]


def invalid(call, field: str, fragment: str = "") -> ValidationError:
    """Assert ``call()`` raises a ValidationError naming ``field`` (and containing fragment)."""
    with pytest.raises(ValidationError) as exc:
        call()
    errors = exc.value.message_dict
    assert field in errors, errors
    assert fragment in " ".join(errors[field])
    return exc.value


def user(**kw) -> User:
    return User.objects.create_user(username=f"u-{uid()}", **kw)


def geography():
    return M("infrastructure.Geography").objects.create(name=f"Geo {uid()}")


def station(geo=None):
    return M("infrastructure.FreshwaterStation").objects.create(
        name=f"S-FW-{uid()}",
        station_type="FRESHWATER",
        geography=geo or geography(),
        latitude=Decimal("62.0"),
        longitude=Decimal("-7.0"),
    )


def hall(st_=None):
    return M("infrastructure.Hall").objects.create(
        name=f"Hall {uid()}", freshwater_station=st_ or station()
    )


def area(geo=None):
    return M("infrastructure.Area").objects.create(
        name=f"Area {uid()}",
        geography=geo or geography(),
        latitude=Decimal("56.5"),
        longitude=Decimal("-5.5"),
        max_biomass=Decimal("5000000"),
    )


def carrier(kind: str = "VESSEL"):
    return M("infrastructure.TransportCarrier").objects.create(
        name=f"Carrier {uid()}",
        carrier_type=kind,
        geography=geography(),
        capacity_m3=Decimal("500"),
    )


def ctype(max_volume: str = "1000", category: str = "TANK"):
    return M("infrastructure.ContainerType").objects.create(
        name=f"Type {uid()}", category=category, max_volume_m3=Decimal(max_volume)
    )


def container_obj(**kw):
    """An unsaved container; location and extras come from ``kw``."""
    kw.setdefault("container_type", ctype())
    kw.setdefault("volume_m3", Decimal("100"))
    kw.setdefault("max_biomass_kg", Decimal("5000"))
    return M("infrastructure.Container")(name=f"C-{uid()}", **kw)


def container(**kw):
    """A saved container (in a new hall unless a location is given)."""
    if not {"hall", "area", "carrier"} & kw.keys():
        kw["hall"] = hall()
    obj = container_obj(**kw)
    obj.save()
    return obj


def stage(species=None, name: str | None = None, order: int | None = None, duration=90):
    species = species or M("batch.Species").objects.create(
        name=f"Salmon {uid()}", scientific_name=f"Salmo {uid()}"
    )
    return M("batch.LifeCycleStage").objects.create(
        name=name or f"Stage {uid()}",
        species=species,
        order=order or (uuid.uuid4().int % 30000 + 1),
        typical_duration_days=duration,
    )


def batch(stage_=None, **kw):
    stage_ = stage_ or stage()
    return M("batch.Batch").objects.create(
        batch_number=f"B-{uid()}",
        species=stage_.species,
        lifecycle_stage=stage_,
        start_date=DAY,
        **kw,
    )


def assignment(batch_=None, container_=None, population=1000, weight="10.00", **kw):
    batch_ = batch_ or batch()
    kw.setdefault("lifecycle_stage", batch_.lifecycle_stage)
    kw.setdefault("assignment_date", DAY)
    kw.setdefault("biomass_kg", Decimal("0.00"))
    return M("batch.BatchContainerAssignment").objects.create(
        batch=batch_,
        container=container_ or container(),
        population_count=population,
        avg_weight_g=None if weight is None else Decimal(weight),
        **kw,
    )


def transfer_workflow(batch_=None, **kw):
    batch_ = batch_ or batch()
    kw.setdefault("source_lifecycle_stage", batch_.lifecycle_stage)
    kw.setdefault("initiated_by", user())
    kw.setdefault("planned_start_date", DAY)
    return M("batch.BatchTransferWorkflow").objects.create(
        workflow_number=f"TRF-{uid()}", batch=batch_, **kw
    )


def transfer_action(workflow, source, **kw):
    kw.setdefault("source_population_before", source.population_count)
    kw.setdefault("transferred_count", 10)
    kw.setdefault("transferred_biomass_kg", Decimal("1.00"))
    return M("batch.TransferAction")(workflow=workflow, source_assignment=source, **kw)


def company(geo=None, subsidiary: str = "FW"):
    return M("finance.DimCompany").objects.create(
        geography=geo or geography(), subsidiary=subsidiary, display_name=f"Co {uid()}"
    )


def site(company_, source_model: str = "station", source_pk: int = 1):
    return M("finance.DimSite").objects.create(
        source_model=source_model, source_pk=source_pk, company=company_, site_name=f"Site {uid()}"
    )


def scenario(**kw):
    profile = M("scenario.TemperatureProfile").objects.create(name=f"Profile {uid()}")
    kw.setdefault(
        "tgc_model",
        M("scenario.TGCModel").objects.create(
            name=f"TGC {uid()}",
            location=kw.pop("location", "Faroe Sea"),
            release_period="April",
            tgc_value=0.0025,
            profile=profile,
        ),
    )
    kw.setdefault("fcr_model", M("scenario.FCRModel").objects.create(name=f"FCR {uid()}"))
    kw.setdefault(
        "mortality_model",
        M("scenario.MortalityModel").objects.create(
            name=f"Mort {uid()}", frequency="daily", rate=0.03
        ),
    )
    kw.setdefault("initial_weight", 50.0)
    return M("scenario.Scenario").objects.create(
        name=f"Scenario {uid()}",
        start_date=DAY,
        duration_days=900,
        initial_count=10000,
        genotype="SalmoBreed",
        supplier="AquaGen",
        **kw,
    )


def constraint_set(*stages: tuple[str, str, str, str | None]):
    """A BiologicalConstraints set with (stage, min g, max g, freshwater cap g) rows."""
    bc = M("scenario.BiologicalConstraints").objects.create(name=f"Set {uid()}")
    for name, low, high, cap in stages:
        M("scenario.StageConstraint").objects.create(
            constraint_set=bc,
            lifecycle_stage=name,
            min_weight_g=Decimal(low),
            max_weight_g=Decimal(high),
            max_freshwater_weight_g=None if cap is None else Decimal(cap),
        )
    return bc


# --------------------------------------------------------------------------- migrations


def test_models_need_no_new_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# --------------------------------------------------------------------------- users


def test_user_profile_access_checks() -> None:
    profile = M("users.UserProfile").objects.create(user=user(), geography="FO", subsidiary="FW")
    assert profile.has_geography_access("FO")
    assert not profile.has_geography_access("SC")
    assert profile.has_subsidiary_access("FW")
    assert not profile.has_subsidiary_access("FM")
    wide = M("users.UserProfile").objects.create(user=user())  # defaults ALL / ALL
    assert wide.has_geography_access("SC") and wide.has_subsidiary_access("LG")
    boss = M("users.UserProfile").objects.create(
        user=user(is_superuser=True), geography="FO", subsidiary="FW"
    )
    assert boss.has_geography_access("SC") and boss.has_subsidiary_access("FM")


# --------------------------------------------------------------------------- infrastructure


def test_container_needs_exactly_one_location() -> None:
    h, a = hall(), area()
    err = invalid(container_obj(hall=h, area=a).clean, "hall", "(got hall and area)")
    assert "exactly one of hall, area or carrier" in str(err)
    invalid(container_obj().clean, "hall", "(got none)")
    invalid(lambda: container(hall=h, carrier=carrier()), "hall")  # save() runs clean()
    assert container(carrier=carrier()).pk


def test_container_parent_must_be_structural_and_co_located() -> None:
    h = hall()
    holding = container(hall=h)
    invalid(container_obj(hall=h, parent_container=holding).clean, "parent_container", "STRUCTURAL")
    rack = container(hall=h, hierarchy_role="STRUCTURAL")
    invalid(container_obj(hall=hall(), parent_container=rack).clean, "parent_container", "same")
    tray = container(hall=h, parent_container=rack)
    assert tray.parent_container == rack


def test_container_parent_chain_has_no_self_reference_or_cycle() -> None:
    h = hall()
    top = container(hall=h, hierarchy_role="STRUCTURAL")
    middle = container(hall=h, hierarchy_role="STRUCTURAL", parent_container=top)
    top.parent_container = middle
    invalid(top.clean, "parent_container", "cycle")
    middle.parent_container = middle
    invalid(middle.clean, "parent_container", "own parent")


def test_container_volume_within_type_maximum() -> None:
    small = ctype(max_volume="100")
    invalid(
        container_obj(hall=hall(), container_type=small, volume_m3=Decimal("100.01")).clean,
        "volume_m3",
    )
    assert container(container_type=small, volume_m3=Decimal("100")).pk


def test_feed_container_in_hall_xor_area() -> None:
    FeedContainer = M("infrastructure.FeedContainer")
    row = {"name": "Silo", "container_type": "SILO", "capacity_kg": Decimal("5000")}
    invalid(FeedContainer(hall=hall(), area=area(), **row).clean, "hall", "(got hall and area)")
    invalid(FeedContainer(**row).clean, "hall", "(got none)")
    invalid(lambda: FeedContainer.objects.create(**row), "hall")
    assert FeedContainer.objects.create(area=area(), **row).pk


# --------------------------------------------------------------------------- batch.Batch


def test_batch_aggregates_over_active_assignments_only() -> None:
    b = batch()
    tank_a, tank_b, tank_c = container(), container(), container()
    assignment(b, tank_a, population=1000, weight="10.00")
    assignment(b, tank_b, population=3000, weight="20.00")
    assignment(b, tank_c, population=100, weight=None, biomass_kg=Decimal("5.00"))
    assignment(b, container(), population=500, weight="100.00", is_active=False, departure_date=DAY)
    assert b.calculated_population_count == 4100
    assert b.calculated_avg_weight_g == Decimal("17.50")  # (10 000 + 60 000) g / 4 000 weighed
    assert b.calculated_biomass_kg == Decimal("75.00")  # 10 + 60 + 5; the inactive 50 kg left
    assert set(b.containers) == {tank_a, tank_b, tank_c}


def test_batch_containers_are_distinct_and_active() -> None:
    b = batch()
    tank = container()
    assignment(b, tank)
    assignment(b, tank, is_active=False, departure_date=DAY)
    gone = container()
    assignment(b, gone, is_active=False, departure_date=DAY)
    assert list(b.containers) == [tank]


def test_empty_batch_aggregates_are_zero() -> None:
    b = batch()
    assert b.calculated_population_count == 0
    assert b.calculated_avg_weight_g == Decimal("0.00")
    assert b.calculated_biomass_kg == Decimal("0.00")
    assert list(b.containers) == []


def test_batch_is_mixed_and_component_batches() -> None:
    first, second = batch(), batch()
    mixed = batch(batch_type="MIXED")
    for source, pct in ((first, "60"), (second, "40")):
        M("batch.BatchComposition").objects.create(
            mixed_batch=mixed,
            source_batch=source,
            percentage=Decimal(pct),
            population_count=10,
            biomass_kg=Decimal("1"),
        )
    assert mixed.is_mixed and not first.is_mixed
    assert set(mixed.component_batches) == {first, second}
    assert first.component_batches == []


def test_batch_baseline_scenario() -> None:
    b = batch()
    with pytest.raises(ObjectDoesNotExist):
        b.get_baseline_scenario()
    linked = scenario(batch=b)
    assert b.get_baseline_scenario() == linked
    pinned = scenario()
    run = M("scenario.ProjectionRun").objects.create(scenario=pinned, run_number=1)
    b.pinned_projection_run = run
    b.save()
    assert b.get_baseline_scenario() == pinned


# --------------------------------------------------------------------------- assignments


def test_assignment_save_derives_biomass() -> None:
    a = assignment(population=1234, weight="56.78")
    assert a.biomass_kg == Decimal("70.07")  # 1234 × 56.78 g = 70.066 kg
    a.refresh_from_db()
    assert a.biomass_kg == Decimal("70.07")
    a.population_count = 1000
    a.save(update_fields=["population_count"])  # biomass_kg is added to update_fields
    a.refresh_from_db()
    assert a.biomass_kg == Decimal("56.78")


def test_assignment_without_weight_keeps_biomass() -> None:
    a = assignment(population=100, weight=None, biomass_kg=Decimal("3.50"))
    assert a.biomass_kg == Decimal("3.50")
    zero = assignment(population=100, weight="0", biomass_kg=Decimal("1.00"))
    assert zero.biomass_kg == Decimal("1.00")


def test_assignment_refuses_structural_container() -> None:
    rack = container(hierarchy_role="STRUCTURAL")
    invalid(lambda: assignment(container_=rack), "container", "STRUCTURAL")


def test_assignment_expected_departure_date() -> None:
    a = assignment(lifecycle_stage=stage(duration=90))
    assert a.expected_departure_date == DAY + dt.timedelta(days=90)
    a.departure_date = DAY + dt.timedelta(days=10)
    assert a.expected_departure_date == DAY + dt.timedelta(days=10)
    open_ended = assignment(lifecycle_stage=stage(duration=None))
    assert open_ended.expected_departure_date is None


def locked_tank(year: int = DAY.year, month: int = DAY.month, is_locked: bool = True):
    """A tank whose station has a finance PeriodLock for the given month."""
    st_ = station()
    co = company(st_.geography)
    M("finance_core.PeriodLock").objects.create(
        company=co,
        operating_unit=site(co, "station", st_.pk),
        year=year,
        month=month,
        is_locked=is_locked,
    )
    return container(hall=hall(st_))


def test_period_lock_blocks_biology_rows_in_locked_month() -> None:
    tank = locked_tank()
    invalid(lambda: assignment(container_=tank), "assignment_date", f"{DAY:%Y-%m}")
    later = assignment(container_=tank, assignment_date=DAY + dt.timedelta(days=31))
    GrowthSample, MortalityEvent = M("batch.GrowthSample"), M("batch.MortalityEvent")
    invalid(
        lambda: GrowthSample.objects.create(
            assignment=later, sample_date=DAY, sample_size=10, avg_weight_g=Decimal("10")
        ),
        "sample_date",
    )
    invalid(
        lambda: MortalityEvent.objects.create(
            batch=later.batch, assignment=later, event_date=DAY, count=1, biomass_kg=Decimal("0")
        ),
        "event_date",
    )
    later.departure_date = DAY
    invalid(later.save, "departure_date")


def test_period_lock_ignores_reopened_periods_and_other_sites() -> None:
    assert assignment(container_=locked_tank(is_locked=False)).pk
    locked_tank()  # a lock on another station
    assert assignment(container_=container()).pk
    sea = container(area=area())
    co = company(subsidiary="FM")
    M("finance_core.PeriodLock").objects.create(
        company=co, operating_unit=site(co, "area", sea.area_id), year=DAY.year, month=DAY.month
    )
    invalid(lambda: assignment(container_=sea), "assignment_date")


# --------------------------------------------------------------------------- transfers


def test_is_vessel_transfer() -> None:
    source = assignment(population=1000)
    wf = transfer_workflow(source.batch)
    assert not wf.is_vessel_transfer  # no actions
    truck_tank = container(carrier=carrier("TRUCK"))
    transfer_action(wf, source, dest_container=truck_tank).save()
    assert not wf.is_vessel_transfer
    vessel_tank = container(carrier=carrier("VESSEL"))
    dest = assignment(source.batch, vessel_tank, population=0)
    transfer_action(wf, source, dest_assignment=dest).save()
    assert wf.is_vessel_transfer


def test_is_vessel_transfer_via_dynamic_dest_container() -> None:
    source = assignment()
    wf = transfer_workflow(source.batch)
    transfer_action(wf, source, dest_container=container(carrier=carrier())).save()
    assert wf.is_vessel_transfer


def test_workflow_infers_dynamic_execution_on_create() -> None:
    smolt = stage(name="Smolt")
    adult = stage(smolt.species, name="Adult")
    parr = stage(smolt.species, name="Parr")
    b = batch(smolt)
    assert transfer_workflow(b, dest_lifecycle_stage=adult).is_dynamic_execution
    assert not transfer_workflow(b, dest_lifecycle_stage=parr).is_dynamic_execution
    assert not transfer_workflow(
        b, dest_lifecycle_stage=adult, workflow_type="CONTAINER_REDISTRIBUTION"
    ).is_dynamic_execution


def test_workflow_action_gates_and_legs() -> None:
    wf = transfer_workflow()
    assert wf.can_add_actions() and not wf.can_execute_actions() and wf.can_cancel()
    wf.status = "IN_PROGRESS"
    assert not wf.can_add_actions() and wf.can_execute_actions()
    wf.is_dynamic_execution = True
    assert wf.can_add_actions()
    wf.status = "COMPLETED"
    assert not wf.can_cancel()
    assert wf.get_allowed_leg_types() == []
    wf.dynamic_route_mode = "VIA_TRUCK_TO_VESSEL"
    assert wf.get_allowed_leg_types() == ["STATION_TO_TRUCK", "TRUCK_TO_VESSEL", "VESSEL_TO_RING"]


def test_workflow_progress_and_totals() -> None:
    source = assignment(population=1000)
    wf = transfer_workflow(source.batch, total_actions_planned=4, actions_completed=3)
    for status, moved in (("COMPLETED", 100), ("PENDING", 50)):
        transfer_action(
            wf,
            source,
            dest_container=container(),
            status=status,
            transferred_count=moved,
            mortality_during_transfer=2,
            transferred_biomass_kg=Decimal("5.50"),
        ).save()
    wf.update_progress()
    wf.recalculate_totals()
    wf.refresh_from_db()
    assert wf.completion_percentage == Decimal("75.00")
    assert wf.total_source_count == 2000
    assert (wf.total_transferred_count, wf.total_mortality_count) == (100, 2)
    assert wf.total_biomass_kg == Decimal("5.50")


def test_dynamic_workflow_progress_uses_estimates() -> None:
    source = assignment(population=1000)
    wf = transfer_workflow(source.batch, is_dynamic_execution=True, estimated_total_count=400)
    transfer_action(
        wf, source, dest_container=container(), status="COMPLETED", transferred_count=100
    ).save()
    wf.update_progress()
    wf.refresh_from_db()
    assert wf.completion_percentage == Decimal("25.00")


def test_transfer_action_clean_rules() -> None:
    source = assignment(population=100)
    wf = transfer_workflow(source.batch)
    tank = container()
    invalid(
        transfer_action(wf, source, dest_container=tank, transferred_count=0).clean,
        "transferred_count",
        "greater than zero",
    )
    invalid(
        transfer_action(wf, source, dest_container=tank, transferred_count=101).clean,
        "transferred_count",
        "holding 100",
    )
    invalid(transfer_action(wf, source).clean, "dest_container", "required")
    other = assignment(source.batch, container(), population=0)
    invalid(
        transfer_action(wf, source, dest_assignment=other, dest_container=tank).clean,
        "dest_container",
        "match",
    )
    transfer_action(wf, source, dest_assignment=other, dest_container=other.container).clean()


def test_transfer_action_needs_an_open_workflow() -> None:
    source = assignment(population=100)
    wf = transfer_workflow(source.batch, status="COMPLETED")
    invalid(transfer_action(wf, source, dest_container=container()).clean, "workflow", "COMPLETED")
    live = transfer_workflow(source.batch, status="COMPLETED", is_dynamic_execution=True)
    handoff = transfer_action(
        live, source, dest_container=container(), status="IN_PROGRESS", created_via="DYNAMIC_LIVE"
    )
    handoff.clean()  # a live handoff is allowed even though the workflow takes no new actions


def test_transfer_action_numbers_itself() -> None:
    source = assignment()
    wf = transfer_workflow(source.batch)
    first = transfer_action(wf, source, dest_container=container())
    first.save()
    second = transfer_action(wf, source, dest_container=container())
    second.save()
    assert (first.action_number, second.action_number) == (1, 2)


# --------------------------------------------------------------------------- creation workflows


def creation_workflow(**kw):
    kw.setdefault("batch", batch(status="PLANNED"))
    return M("batch.BatchCreationWorkflow")(
        workflow_number=f"CRT-{uid()}",
        total_eggs_planned=100000,
        planned_start_date=DAY,
        planned_completion_date=DAY + dt.timedelta(days=7),
        **kw,
    )


def egg_production(source_type: str = "internal", pair=None):
    return M("broodstock.EggProduction")(
        egg_batch_id=f"EGG-{uid()}", egg_count=5000, source_type=source_type, pair=pair
    )


def supplier():
    return M("broodstock.EggSupplier").objects.create(name=f"Supplier {uid()}", contact_details="x")


def test_creation_workflow_egg_source_rules() -> None:
    eggs = egg_production("external")
    eggs.save()
    vendor = supplier()
    invalid(creation_workflow(egg_source_type="INTERNAL").clean, "egg_production")
    invalid(
        creation_workflow(
            egg_source_type="INTERNAL", egg_production=eggs, external_supplier=vendor
        ).clean,
        "external_supplier",
    )
    invalid(creation_workflow(egg_source_type="EXTERNAL").clean, "external_supplier")
    invalid(
        creation_workflow(
            egg_source_type="EXTERNAL", external_supplier=vendor, egg_production=eggs
        ).clean,
        "egg_production",
    )
    creation_workflow(egg_source_type="EXTERNAL", external_supplier=vendor).clean()
    creation_workflow(egg_source_type="INTERNAL", egg_production=eggs).clean()


def test_cancelled_creation_workflow_needs_reason() -> None:
    wf = creation_workflow(
        egg_source_type="EXTERNAL", external_supplier=supplier(), status="CANCELLED"
    )
    invalid(wf.clean, "cancellation_reason")
    wf.cancellation_reason = "Supplier failed"
    wf.clean()


def test_creation_workflow_cancel_and_progress() -> None:
    wf = creation_workflow(
        egg_source_type="EXTERNAL",
        external_supplier=supplier(),
        total_actions=3,
        actions_completed=0,
    )
    wf.save()
    assert wf.can_cancel()
    wf.actions_completed = 1
    assert not wf.can_cancel()
    wf.update_progress()
    wf.refresh_from_db()
    assert wf.progress_percentage == Decimal("33.33")
    wf.status = "IN_PROGRESS"
    wf.actions_completed = 0
    assert not wf.can_cancel()


def test_creation_action_dest_container_name() -> None:
    wf = creation_workflow(egg_source_type="EXTERNAL", external_supplier=supplier())
    wf.save()
    tray = container(hall=hall())
    action = M("batch.CreationAction").objects.create(
        workflow=wf,
        action_number=1,
        dest_assignment=assignment(wf.batch, tray, population=0),
        egg_count_planned=50000,
        expected_delivery_date=DAY,
    )
    assert action.dest_container_name == tray.name


# --------------------------------------------------------------------------- batch events


def test_mortality_event_assignment_must_belong_to_batch() -> None:
    a = assignment()
    event = M("batch.MortalityEvent")(
        batch=batch(), assignment=a, event_date=DAY, count=5, biomass_kg=Decimal("0.05")
    )
    invalid(event.clean, "assignment")
    invalid(event.save, "assignment")
    event.batch = a.batch
    event.save()
    a.refresh_from_db()
    assert a.population_count == 1000  # batch mortality never changes the population


def test_growth_sample_condition_factor_on_save() -> None:
    GrowthSample = M("batch.GrowthSample")
    sample = GrowthSample.objects.create(
        assignment=assignment(),
        sample_date=DAY,
        sample_size=30,
        avg_weight_g=Decimal("250"),
        avg_length_cm=Decimal("30"),
    )
    assert sample.condition_factor == Decimal("0.93")  # 100 × 250 / 27 000
    given_k = GrowthSample.objects.create(
        assignment=assignment(),
        sample_date=DAY,
        sample_size=30,
        avg_weight_g=Decimal("250"),
        avg_length_cm=Decimal("30"),
        condition_factor=Decimal("1.10"),
    )
    assert given_k.condition_factor == Decimal("1.10")
    no_length = GrowthSample.objects.create(
        assignment=assignment(), sample_date=DAY, sample_size=30, avg_weight_g=Decimal("250")
    )
    assert no_length.condition_factor is None


def test_growth_sample_aggregates_from_observations() -> None:
    sample = M("batch.GrowthSample").objects.create(
        assignment=assignment(), sample_date=DAY, sample_size=0, avg_weight_g=Decimal("1")
    )
    for ident, weight, length in (("1", "100", "20"), ("2", "200", "25")):
        M("batch.IndividualGrowthObservation").objects.create(
            growth_sample=sample,
            fish_identifier=ident,
            weight_g=Decimal(weight),
            length_cm=Decimal(length),
        )
    sample.calculate_aggregates()
    sample.refresh_from_db()
    assert sample.sample_size == 2
    assert (sample.avg_weight_g, sample.min_weight_g, sample.max_weight_g) == (
        Decimal("150.00"),
        Decimal("100.00"),
        Decimal("200.00"),
    )
    assert sample.std_deviation_weight == Decimal("70.71")
    assert (sample.avg_length_cm, sample.std_deviation_length) == (
        Decimal("22.50"),
        Decimal("3.54"),
    )
    assert sample.condition_factor == Decimal("1.27")  # mean of K 1.25 and 1.28


def test_mix_component_source_batch_matches_assignment() -> None:
    a = assignment()
    event = M("batch.BatchMixEvent").objects.create(mixed_batch=batch(), container=a.container)
    component = M("batch.BatchMixEventComponent")(
        mix_event=event,
        source_assignment=a,
        source_batch=batch(),
        population_count=10,
        biomass_kg=Decimal("1"),
        percentage=Decimal("50"),
    )
    invalid(component.clean, "source_batch")
    component.source_batch = a.batch
    component.clean()


def daily_state(a, day: dt.date, **kw):
    return M("batch.ActualDailyAssignmentState").objects.create(
        assignment=a,
        batch=a.batch,
        container=a.container,
        lifecycle_stage=a.lifecycle_stage,
        date=day,
        day_number=(day - DAY).days + 1,
        avg_weight_g=Decimal("10"),
        population=a.population_count,
        biomass_kg=Decimal("10"),
        **kw,
    )


def test_daily_state_confidence_overall() -> None:
    a = assignment()
    state = daily_state(a, DAY, confidence_scores={"weight": 0.9, "temp": 0.4, "feed": 0.7})
    assert state.confidence_overall == pytest.approx(0.4)
    assert daily_state(a, DAY + dt.timedelta(days=1)).confidence_overall == 0.0


def test_daily_state_days_since_anchor() -> None:
    a = assignment()
    before = daily_state(a, DAY)
    anchor = daily_state(a, DAY + dt.timedelta(days=2), anchor_type="growth_sample")
    later = daily_state(a, DAY + dt.timedelta(days=7))
    daily_state(assignment(), DAY + dt.timedelta(days=6), anchor_type="manual")  # other assignment
    assert before.days_since_anchor is None
    assert anchor.days_since_anchor == 0
    assert later.days_since_anchor == 5


def test_forecast_summary_tier() -> None:
    summary = M("batch.ContainerForecastSummary")(
        assignment=assignment(),
        current_weight_g=Decimal("1"),
        current_population=1,
        current_biomass_kg=Decimal("1"),
        state_date=DAY,
        state_day_number=1,
    )
    assert summary.tier == "PROJECTED"
    summary.needs_planning_attention = True
    assert summary.tier == "NEEDS_PLANNING"
    summary.has_planned_transfer = True
    assert summary.tier == "PLANNED"
    summary.has_planned_transfer, summary.has_planned_harvest = False, True
    assert summary.tier == "PLANNED"


# --------------------------------------------------------------------------- inventory


def feed():
    return M("inventory.Feed").objects.create(
        name="Grower 2.0 mm", brand="X", size_category="SMALL"
    )


def test_feeding_event_percentage_on_save() -> None:
    a = assignment()
    event = M("inventory.FeedingEvent").objects.create(
        batch=a.batch,
        container=a.container,
        feed=feed(),
        feeding_date=DAY,
        feeding_time=dt.time(8),
        amount_kg=Decimal("12.5"),
        batch_biomass_kg=Decimal("1000"),
    )
    assert event.feeding_percentage == Decimal("1.250000")
    event.amount_kg = Decimal("25")
    event.save(update_fields=["amount_kg"])
    event.refresh_from_db()
    assert event.feeding_percentage == Decimal("2.500000")
    event.amount_kg, event.batch_biomass_kg = Decimal("5000"), Decimal("10")
    event.save()
    assert event.feeding_percentage == derive.FEEDING_PERCENTAGE_MAX  # capped to dec(8,6)


def test_container_feeding_summary_container_name() -> None:
    a = assignment()
    summary = M("inventory.ContainerFeedingSummary").objects.create(
        batch=a.batch,
        container_assignment=a,
        period_start=DAY,
        period_end=DAY,
        total_feed_kg=Decimal("10"),
    )
    assert summary.container_name == a.container.name


# --------------------------------------------------------------------------- health


def parameter(low: int = 0, high: int = 3):
    return M("health.HealthParameter").objects.create(
        name=f"Gill {uid()}", min_score=low, max_score=high
    )


def test_health_parameter_score_range() -> None:
    invalid(M("health.HealthParameter")(name="x", min_score=3, max_score=3).clean, "min_score")
    invalid(M("health.HealthParameter")(name="x", min_score=4, max_score=1).clean, "min_score")
    M("health.HealthParameter")(name="x", min_score=0, max_score=3).clean()


def test_score_definition_within_parameter_range() -> None:
    gill = parameter(0, 3)
    definition = M("health.ParameterScoreDefinition")(
        parameter=gill, score_value=4, label="Dead", description="-"
    )
    invalid(definition.clean, "score_value", "0–3")
    definition.score_value = -1
    invalid(definition.clean, "score_value")
    definition.score_value = 3
    definition.clean()


def sampling_event(a=None):
    return M("health.HealthSamplingEvent").objects.create(
        assignment=a or assignment(), sampling_date=DAY, number_of_fish_sampled=3
    )


def test_fish_parameter_score_within_range() -> None:
    fish = M("health.IndividualFishObservation").objects.create(
        sampling_event=sampling_event(), fish_identifier="1"
    )
    score = M("health.FishParameterScore")(
        individual_fish_observation=fish, parameter=parameter(1, 5), score=0
    )
    invalid(score.clean, "score")
    score.score = 6
    invalid(score.clean, "score")
    score.score = 5
    score.clean()


def test_health_sampling_aggregates() -> None:
    event = sampling_event()
    for ident, weight, length in (("1", "100", "20"), ("2", "200", "25"), ("3", "300", None)):
        M("health.IndividualFishObservation").objects.create(
            sampling_event=event,
            fish_identifier=ident,
            weight_g=Decimal(weight),
            length_cm=None if length is None else Decimal(length),
        )
    event.calculate_aggregate_metrics()
    event.refresh_from_db()
    assert (event.avg_weight_g, event.min_weight_g, event.max_weight_g) == (
        Decimal("200.00"),
        Decimal("100.00"),
        Decimal("300.00"),
    )
    assert event.std_dev_weight_g == Decimal("100.00")
    assert (event.min_length_cm, event.max_length_cm) == (Decimal("20.00"), Decimal("25.00"))
    assert event.avg_k_factor == Decimal("1.2650")
    assert event.calculated_sample_size == 2


def test_lab_sample_dates_in_order() -> None:
    sample = M("health.HealthLabSample")(
        batch_container_assignment=assignment(),
        sample_type=M("health.SampleType").objects.create(name=f"Mucus {uid()}"),
        sample_date=DAY,
        date_sent_to_lab=DAY - dt.timedelta(days=1),
    )
    invalid(sample.clean, "date_sent_to_lab")
    sample.date_sent_to_lab = DAY + dt.timedelta(days=2)
    sample.date_results_received = DAY + dt.timedelta(days=1)
    invalid(sample.clean, "date_results_received")
    sample.date_results_received = DAY + dt.timedelta(days=9)
    sample.clean()


def test_treatment_withholding_end_date() -> None:
    a = assignment()
    treated = timezone.make_aware(dt.datetime(2025, 3, 10, 14, 30))
    treatment = M("health.Treatment").objects.create(
        batch=a.batch,
        user=user(),
        treatment_type="medication",
        description="bath",
        treatment_date=treated,
        withholding_period_days=21,
    )
    assert treatment.withholding_end_date == dt.date(2025, 3, 31)
    treatment.withholding_period_days = 0
    assert treatment.withholding_end_date is None


def reason():
    return M("health.MortalityReason").objects.create(name=f"Reason {uid()}")


def test_mortality_record_assignment_must_belong_to_batch() -> None:
    record = M("health.MortalityRecord")(
        batch=batch(), assignment=assignment(), count=3, reason=reason()
    )
    invalid(record.clean, "assignment")
    record.batch = record.assignment.batch
    record.clean()


def test_mortality_record_save_leaves_population_alone() -> None:
    a = assignment(population=100)
    M("health.MortalityRecord").objects.create(batch=a.batch, count=10, reason=reason())
    a.refresh_from_db()
    assert a.population_count == 100


def test_mortality_record_apply_to_assignments() -> None:
    b = batch()
    big = assignment(b, population=900, weight="10")
    small = assignment(b, population=100, weight="10")
    record = M("health.MortalityRecord").objects.create(
        batch=b, count=100, reason=reason(), event_date=timezone.now()
    )
    record.apply_to_assignments()
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.population_count, small.population_count) == (810, 90)
    assert big.biomass_kg == Decimal("8.10")
    only = M("health.MortalityRecord").objects.create(
        batch=b,
        container=small.container,
        count=500,
        reason=reason(),
        event_date=timezone.make_aware(dt.datetime(2025, 4, 1, 9)),
    )
    only.apply_to_assignments()
    small.refresh_from_db()
    assert (small.population_count, small.is_active) == (0, False)
    assert small.departure_date == dt.date(2025, 4, 1)


def lice_count(**kw):
    kw.setdefault("batch", batch())
    kw.setdefault("user", user())
    kw.setdefault("fish_sampled", 20)
    return M("health.LiceCount")(**kw)


def lice_type():
    return M("health.LiceType").objects.create(
        species=f"Lepeophtheirus salmonis {uid()}", gender="female", development_stage="adult"
    )


def test_lice_count_formats_are_exclusive() -> None:
    kind = lice_type()
    invalid(
        lice_count(adult_female_count=3, lice_type=kind, count_value=2).clean,
        "lice_type",
        "not both",
    )
    invalid(lice_count().clean, "lice_type", "Provide")
    invalid(lice_count(lice_type=kind).clean, "count_value", "together")
    invalid(lice_count(count_value=4).clean, "lice_type", "together")
    lice_count(adult_male_count=1).clean()
    lice_count(lice_type=kind, count_value=0).clean()


def test_lice_count_confidence_and_assignment() -> None:
    invalid(
        lice_count(juvenile_count=1, confidence_level=Decimal("1.50")).clean, "confidence_level"
    )
    invalid(lice_count(juvenile_count=1, assignment=assignment()).clean, "assignment")
    a = assignment()
    lice_count(juvenile_count=1, batch=a.batch, assignment=a, confidence_level=Decimal("1")).clean()


def test_lice_count_totals() -> None:
    legacy = lice_count(adult_female_count=10, adult_male_count=6, juvenile_count=4, fish_sampled=8)
    assert legacy.total_count == 20
    assert legacy.average_per_fish == pytest.approx(2.5)
    normalized = lice_count(lice_type=lice_type(), count_value=7, fish_sampled=2)
    assert normalized.total_count == 7
    assert normalized.average_per_fish == pytest.approx(3.5)
    nobody = lice_count(adult_female_count=3, fish_sampled=0)
    assert nobody.average_per_fish == 0.0


def test_lice_type_needs_species_and_stage() -> None:
    LiceType = M("health.LiceType")
    invalid(LiceType(species="  ", gender="male", development_stage="adult").clean, "species")
    invalid(
        LiceType(species="Caligus elongatus", gender="male", development_stage="").clean,
        "development_stage",
    )
    LiceType(species="Caligus elongatus", gender="male", development_stage="adult").clean()


# --------------------------------------------------------------------------- broodstock


def test_maintenance_task_is_overdue() -> None:
    now = timezone.now()
    task = M("broodstock.MaintenanceTask")(
        container=container(), task_type="cleaning", scheduled_date=now - dt.timedelta(hours=1)
    )
    assert task.is_overdue
    task.completed_date = now
    assert not task.is_overdue
    task.completed_date, task.scheduled_date = None, now + dt.timedelta(days=1)
    assert not task.is_overdue


def test_breeding_plan_is_active() -> None:
    now = timezone.now()
    plan = M("broodstock.BreedingPlan")(
        name="Winter", start_date=now - dt.timedelta(days=1), end_date=now + dt.timedelta(days=1)
    )
    assert plan.is_active
    plan.end_date = now - dt.timedelta(hours=1)
    assert not plan.is_active
    plan.start_date, plan.end_date = now + dt.timedelta(days=1), now + dt.timedelta(days=9)
    assert not plan.is_active


def breeding_pair():
    tank = container()
    Fish = M("broodstock.BroodstockFish")
    return M("broodstock.BreedingPair").objects.create(
        plan=M("broodstock.BreedingPlan").objects.create(
            name="P", start_date=timezone.now(), end_date=timezone.now()
        ),
        male_fish=Fish.objects.create(container=tank),
        female_fish=Fish.objects.create(container=tank),
    )


def test_egg_production_source_rules() -> None:
    invalid(egg_production("internal").clean, "pair", "requires")
    invalid(egg_production("external", pair=breeding_pair()).clean, "pair", "cannot")
    egg_production("internal", pair=breeding_pair()).clean()
    egg_production("external").clean()


def test_fish_movement_apply_moves_the_fish() -> None:
    old_tank, new_tank = container(), container()
    fish = M("broodstock.BroodstockFish").objects.create(container=old_tank)
    move = M("broodstock.FishMovement").objects.create(
        fish=fish, from_container=old_tank, to_container=new_tank
    )
    fish.refresh_from_db()
    assert fish.container == old_tank  # save() alone does not move the fish
    move.apply_movement()
    fish.refresh_from_db()
    assert fish.container == new_tank


# --------------------------------------------------------------------------- scenario


def test_scenario_initial_weight_against_constraint_set() -> None:
    bc = constraint_set(("fry", "1", "5", "5"), ("parr", "5", "50", "20"))
    ok = scenario(biological_constraints=bc, initial_weight=30.0)
    assert ok.pk
    invalid(
        lambda: scenario(biological_constraints=bc, initial_weight=80.0),
        "initial_weight",
        "matches no lifecycle stage",
    )
    invalid(
        lambda: scenario(
            biological_constraints=bc, initial_weight=30.0, location="Freshwater Station 1"
        ),
        "initial_weight",
        "freshwater limit",
    )
    assert scenario(biological_constraints=bc, initial_weight=15.0, location="freshwater").pk


def test_scenario_without_constraints_needs_egg_weight() -> None:
    invalid(lambda: scenario(initial_weight=0.05), "initial_weight", "0.1")
    assert scenario(initial_weight=0.1).pk
    assert scenario(initial_weight=None).pk


def test_scenario_save_runs_field_validators() -> None:
    s = scenario()
    s.duration_days = 0
    invalid(s.save, "duration_days")


def test_scenario_model_change_rules() -> None:
    s = scenario()
    Change = M("scenario.ScenarioModelChange")
    invalid(Change(scenario=s, change_day=10).clean, "new_tgc_model", "at least one")
    invalid(Change(scenario=s, change_day=0, new_fcr_model=s.fcr_model).clean, "change_day")
    invalid(
        Change(scenario=s, change_day=901, new_fcr_model=s.fcr_model).clean, "change_day", "exceeds"
    )
    Change(scenario=s, change_day=900, new_mortality_model=s.mortality_model).clean()


def test_stage_constraint_ranges() -> None:
    bc = constraint_set()
    row = M("scenario.StageConstraint")(
        constraint_set=bc,
        lifecycle_stage="smolt",
        min_weight_g=Decimal("60"),
        max_weight_g=Decimal("60"),
    )
    invalid(row.clean, "min_weight_g")
    row.max_weight_g = Decimal("180")
    row.min_temperature_c, row.max_temperature_c = Decimal("12"), Decimal("8")
    invalid(row.clean, "min_temperature_c")
    row.max_temperature_c = Decimal("14")
    row.clean()


def test_fcr_override_weight_band() -> None:
    stage_row = M("scenario.FCRModelStage").objects.create(
        model=M("scenario.FCRModel").objects.create(name=f"FCR {uid()}"),
        stage=stage(),
        fcr_value=1.1,
        duration_days=90,
    )
    override = M("scenario.FCRModelStageOverride")(
        fcr_stage=stage_row,
        min_weight_g=Decimal("100"),
        max_weight_g=Decimal("50"),
        fcr_value=Decimal("1.2"),
    )
    invalid(override.clean, "min_weight_g")
    override.max_weight_g = Decimal("150")
    override.clean()


def test_mortality_stage_weekly_rate() -> None:
    model = M("scenario.MortalityModel").objects.create(
        name=f"M {uid()}", frequency="daily", rate=0.1
    )
    Stage = M("scenario.MortalityModelStage")
    derived = Stage.objects.create(
        mortality_model=model, lifecycle_stage="fry", daily_rate_percent=Decimal("0.1")
    )
    assert derived.weekly_rate_percent == Decimal("0.698")  # 1 − 0.999^7
    kept = Stage.objects.create(
        mortality_model=model,
        lifecycle_stage="parr",
        daily_rate_percent=Decimal("0.1"),
        weekly_rate_percent=Decimal("0.5"),
    )
    assert kept.weekly_rate_percent == Decimal("0.5")


# --------------------------------------------------------------------------- planning


def planned_activity(**kw):
    b = kw.pop("batch", None) or batch()
    kw.setdefault("scenario", scenario(batch=b))
    kw.setdefault("created_by", user())
    kw.setdefault("activity_type", "VACCINATION")
    kw.setdefault("due_date", timezone.localdate())
    return M("planning.PlannedActivity").objects.create(batch=b, **kw)


def test_planned_activity_is_overdue() -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    activity = planned_activity(due_date=yesterday)
    assert activity.is_overdue
    activity.status = "IN_PROGRESS"
    assert not activity.is_overdue
    assert not planned_activity().is_overdue  # due today


def test_planned_activity_mark_completed() -> None:
    activity = planned_activity()
    vet = user()
    activity.mark_completed(vet)
    activity.refresh_from_db()
    assert (activity.status, activity.completed_by) == ("COMPLETED", vet)
    assert activity.completed_at is not None
    invalid(lambda: activity.mark_completed(vet), "status")


def test_planned_activity_spawns_one_transfer_workflow() -> None:
    invalid(planned_activity().spawn_transfer_workflow, "activity_type")
    activity = planned_activity(activity_type="TRANSFER")
    workflow = activity.spawn_transfer_workflow()
    activity.refresh_from_db()
    assert activity.transfer_workflow == workflow and activity.status == "IN_PROGRESS"
    assert workflow.planned_activity == activity
    assert workflow.planned_start_date == activity.due_date
    assert workflow.workflow_number.startswith(f"TRF-PA-{activity.pk}-")
    invalid(activity.spawn_transfer_workflow, "transfer_workflow")


# --------------------------------------------------------------------------- finance


def policy(**kw):
    geo = geography()
    kw.setdefault("from_company", company(geo, "FW"))
    kw.setdefault("to_company", company(geo, "FM"))
    return M("finance.IntercompanyPolicy")(**kw)


def grade():
    return M("harvest.ProductGrade").objects.create(code=f"G-{uid()}", name="Superior")


def test_intercompany_policy_pricing_basis_rules() -> None:
    smolt = stage()
    invalid(policy(pricing_basis="grade").clean, "product_grade", "requires")
    invalid(
        policy(pricing_basis="grade", product_grade=grade(), lifecycle_stage=smolt).clean,
        "lifecycle_stage",
    )
    invalid(
        policy(pricing_basis="lifecycle", price_per_kg=Decimal("12.5")).clean,
        "lifecycle_stage",
        "requires",
    )
    invalid(
        policy(
            pricing_basis="lifecycle",
            lifecycle_stage=smolt,
            product_grade=grade(),
            price_per_kg=Decimal("1"),
        ).clean,
        "product_grade",
    )
    invalid(policy(pricing_basis="lifecycle", lifecycle_stage=smolt).clean, "price_per_kg")
    invalid(policy(pricing_basis="egg_delivery").clean, "price_per_thousand_eggs")
    invalid(
        policy(
            pricing_basis="egg_delivery",
            price_per_thousand_eggs=Decimal("90"),
            lifecycle_stage=smolt,
        ).clean,
        "lifecycle_stage",
    )
    policy(pricing_basis="lifecycle", lifecycle_stage=smolt, method="market").clean()
    policy(pricing_basis="egg_delivery", price_per_thousand_eggs=Decimal("90")).clean()


def test_intercompany_policy_save_validates() -> None:
    invalid(policy(pricing_basis="grade").save, "product_grade")
    saved = policy(pricing_basis="lifecycle", lifecycle_stage=stage(), price_per_kg=Decimal("12.5"))
    saved.save()
    assert saved.pk


def test_intercompany_transaction_source() -> None:
    pol = policy(pricing_basis="lifecycle", lifecycle_stage=stage(), price_per_kg=Decimal("12.5"))
    pol.save()
    workflow = transfer_workflow()
    Transaction = M("finance.IntercompanyTransaction")
    tx = Transaction.objects.create(
        content_type=ContentType.objects.get_for_model(workflow),
        object_id=workflow.pk,
        policy=pol,
        posting_date=DAY,
    )
    assert tx.source == workflow
    assert tx.source_type == "batchtransferworkflow"
    assert tx.source_display == f"Transfer {workflow.workflow_number}"
    a = assignment()
    harvest = M("harvest.HarvestEvent").objects.create(
        event_date=timezone.now(), batch=a.batch, assignment=a
    )
    tx2 = Transaction.objects.create(source=harvest, policy=pol, posting_date=DAY)
    assert (tx2.content_type.model, tx2.object_id) == ("harvestevent", harvest.pk)
    assert tx2.source_type == "harvestevent"
    assert tx2.source_display == f"Harvest Event {harvest.pk}"


def test_intercompany_transaction_approve() -> None:
    pol = policy(pricing_basis="egg_delivery", price_per_thousand_eggs=Decimal("90"))
    pol.save()
    workflow = transfer_workflow()
    tx = M("finance.IntercompanyTransaction").objects.create(
        source=workflow, policy=pol, posting_date=DAY
    )
    manager = user()
    tx.approve(manager)
    tx.refresh_from_db()
    assert (tx.state, tx.approved_by) == ("posted", manager)
    assert tx.approval_date is not None
    invalid(lambda: tx.approve(manager), "state")


# --------------------------------------------------------------------------- finance_core


def cost_center(co, **kw):
    return M("finance_core.CostCenter")(company=co, code=f"CC-{uid()}", name="cc", **kw)


def test_cost_center_parent_and_site_in_same_company() -> None:
    geo = geography()
    mine, other = company(geo, "FW"), company(geo, "FM")
    foreign_parent = cost_center(other)
    foreign_parent.save()
    invalid(cost_center(mine, parent=foreign_parent).clean, "parent")
    invalid(cost_center(mine, site=site(other)).clean, "site")
    invalid(cost_center(mine, site=site(other, source_pk=2)).save, "site")
    parent = cost_center(mine)
    parent.save()
    child = cost_center(mine, parent=parent, site=site(mine, source_pk=3))
    child.save()
    child.parent = child
    invalid(child.clean, "parent", "own parent")


def test_cost_center_batch_link_needs_project_center() -> None:
    co = company()
    site_cc = cost_center(co, cost_center_type="SITE")
    site_cc.save()
    link = M("finance_core.CostCenterBatchLink")(cost_center=site_cc, batch=batch())
    invalid(link.clean, "cost_center", "PROJECT")
    invalid(link.save, "cost_center")
    project = cost_center(co, cost_center_type="PROJECT")
    project.save()
    link.cost_center = project
    link.save()
    assert link.pk


def test_allocation_rule_target_and_dates() -> None:
    Rule = M("finance_core.AllocationRule")
    invalid(Rule(name="r", effective_from=DAY).clean, "account_group")
    group = M("finance_core.AccountGroup").objects.create(
        code=f"AG-{uid()}", name="Feed", account_type="EXPENSE"
    )
    invalid(
        Rule(
            name="r",
            account_group=group,
            effective_from=DAY,
            effective_to=DAY - dt.timedelta(days=1),
        ).save,
        "effective_to",
    )
    assert Rule.objects.create(
        name="r", account_group=group, effective_from=DAY, effective_to=DAY
    ).pk


# --------------------------------------------------------------------------- pure derivations


@given(
    count=st.integers(min_value=0, max_value=10_000),
    populations=st.lists(st.integers(min_value=0, max_value=5_000), max_size=6),
)
def test_distribute_mortality_conserves_fish(count: int, populations: list[int]) -> None:
    shares = derive.distribute_mortality(count, populations)
    assert len(shares) == len(populations)
    assert sum(shares) == min(count, sum(populations))
    assert all(0 <= s <= p for s, p in zip(shares, populations, strict=True))
    nonempty = [s for s, p in zip(shares, populations, strict=True) if p > 0]
    if count >= len(nonempty):
        assert all(s >= 1 for s in nonempty)


def test_distribute_mortality_examples() -> None:
    assert derive.distribute_mortality(30, [50]) == [30]
    assert derive.distribute_mortality(80, [50]) == [50]
    assert derive.distribute_mortality(10, [900, 100]) == [9, 1]
    assert derive.distribute_mortality(3, [1000, 1, 1]) == [1, 1, 1]


def test_simple_derivations() -> None:
    assert derive.biomass_kg(1000, "12.345") == Decimal("12.35")
    assert derive.biomass_kg(1000, None) == Decimal("0.00")
    assert derive.avg_weight_g(Decimal("70"), 4000) == Decimal("17.50")
    assert derive.avg_weight_g(Decimal("70"), 0) is None
    assert derive.fcr(Decimal("120"), Decimal("100")) == Decimal("1.200")
    assert derive.fcr(Decimal("120"), Decimal("0")) is None
    assert [derive.feeding_confidence_level(d) for d in (0, 9, 10, 19, 20, 39, 40, None)] == [
        "VERY_HIGH",
        "VERY_HIGH",
        "HIGH",
        "HIGH",
        "MEDIUM",
        "MEDIUM",
        "LOW",
        "LOW",
    ]
    assert derive.completion_percentage(1, 3) == Decimal("33.33")
    assert derive.completion_percentage(5, 0) == Decimal("0.00")
    assert derive.template_due_date("DAY_OFFSET", 30, DAY, DAY) == DAY + dt.timedelta(days=30)
    assert derive.template_due_date("STAGE_TRANSITION", None, DAY, DAY) is None
