"""build_infrastructure(scale): counts from the scale table, the location rules, atomicity."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from django.apps import apps
from django.db.models import Count, Q

from pytest_aquadata import infrastructure as layout
from pytest_aquadata.infrastructure import build_infrastructure, expected_counts
from pytest_aquadata.reference.layout import SCALES


def model(label: str):
    return apps.get_model(label)


def db_counts() -> dict[str, int]:
    container = model("infrastructure.Container").objects
    holding = container.filter(hierarchy_role="HOLDING")
    return {
        "geographies": model("infrastructure.Geography").objects.count(),
        "area_groups": model("infrastructure.AreaGroup").objects.count(),
        "stations": model("infrastructure.FreshwaterStation").objects.count(),
        "halls": model("infrastructure.Hall").objects.count(),
        "freshwater_containers": holding.filter(hall__isnull=False).count(),
        "racks": container.filter(hierarchy_role="STRUCTURAL").count(),
        "areas": model("infrastructure.Area").objects.count(),
        "rings": container.filter(area__isnull=False).count(),
        "carriers": model("infrastructure.TransportCarrier").objects.count(),
        "carrier_tanks": container.filter(carrier__isnull=False).count(),
        "containers": container.count(),
        "feed_containers": model("infrastructure.FeedContainer").objects.count(),
        "sensors": model("infrastructure.Sensor").objects.count(),
    }


def test_full_scale_is_the_legacy_layout() -> None:
    counts = expected_counts("full")
    assert counts["geographies"] == 2
    assert counts["area_groups"] == 13
    assert counts["stations"] == 22
    assert counts["halls"] == 110
    assert counts["freshwater_containers"] == 1100
    assert counts["racks"] == 10
    assert counts["areas"] == 42
    assert counts["rings"] == 840
    assert counts["feed_containers"] == 236
    assert counts["sensors"] == 11_060


def test_medium_is_about_a_quarter_of_full() -> None:
    full, medium = expected_counts("full"), expected_counts("medium")
    for key in ("stations", "halls", "freshwater_containers", "areas", "rings", "sensors"):
        assert 0.2 <= medium[key] / full[key] <= 0.35, key


@pytest.mark.parametrize("bad", ["huge", "", "Small", None, 3])
def test_bad_scale_names_the_value_and_the_allowed_ones(bad) -> None:
    with pytest.raises(ValueError, match=r"small, medium, full") as info:
        build_infrastructure(bad)
    assert repr(bad) in str(info.value)


@pytest.mark.django_db
def test_small_counts_match_the_scale_table() -> None:
    handle = build_infrastructure("small")
    expected = expected_counts("small")
    assert dict(handle.counts) == expected
    assert db_counts() == expected
    assert set(handle.geographies) == {"Faroe Islands", "Scotland"}
    assert set(handle.halls) == {"Egg&Alevin", "Fry", "Parr", "Smolt", "Post-Smolt"}
    assert set(handle.containers) == {"Egg&Alevin", "Fry", "Parr", "Smolt", "Post-Smolt", "Adult"}
    spec = SCALES["small"]
    assert all(len(ids) == spec.rings_per_area for ids in handle.rings.values())
    assert all(len(ids) == spec.containers_per_hall for ids in handle.hall_containers.values())


@pytest.mark.django_db
def test_every_container_is_in_exactly_one_place() -> None:
    handle = build_infrastructure("small")
    containers = model("infrastructure.Container").objects.filter(pk__in=handle.container_ids())
    one_place = (
        Q(hall__isnull=False, area__isnull=True, carrier__isnull=True)
        | Q(hall__isnull=True, area__isnull=False, carrier__isnull=True)
        | Q(hall__isnull=True, area__isnull=True, carrier__isnull=False)
    )
    assert containers.count() == handle.counts["containers"]
    assert containers.exclude(one_place).count() == 0
    for container in containers.filter(hall__isnull=False)[:25]:
        container.full_clean()
    feed = model("infrastructure.FeedContainer").objects
    in_one = Q(hall__isnull=False, area__isnull=True) | Q(hall__isnull=True, area__isnull=False)
    assert feed.exclude(in_one).count() == 0
    assert feed.filter(hall__isnull=False).count() == handle.counts["halls"]


@pytest.mark.django_db
def test_stages_live_in_their_halls_and_types() -> None:
    handle = build_infrastructure("small")
    containers = model("infrastructure.Container").objects
    expected_type = {
        "Egg&Alevin": ("A", "Incubation Trays"),
        "Fry": ("B", "Small Tanks-Fry"),
        "Parr": ("C", "Medium Tanks-Parr"),
        "Smolt": ("D", "Large Tanks-Smolt"),
        "Post-Smolt": ("E", "Pre-Transfer Tanks-Post-Smolt"),
    }
    for stage, (letter, type_name) in expected_type.items():
        rows = containers.filter(pk__in=handle.containers[stage]).select_related("hall")
        assert {r.container_type.name for r in rows} == {type_name}
        assert {r.hall.name.rsplit("-", 1)[1] for r in rows} == {letter}
        assert all(r.name.startswith(r.hall.name.replace("-Hall-", "-")) for r in rows)
    rings = containers.filter(pk__in=handle.containers["Adult"])
    assert {r.container_type.name for r in rings} == {"Sea Rings"}
    assert all(r.name.startswith(f"{r.area.name}-Ring-") for r in rings)


@pytest.mark.django_db
def test_trays_sit_in_racks_of_their_own_hall() -> None:
    handle = build_infrastructure("small")
    racked = model("infrastructure.Container").objects.filter(parent_container__isnull=False)
    assert (
        racked.count()
        == sum(SCALES["small"].rack_stations.values()) * SCALES["small"].containers_per_hall
    )
    for tray in racked.select_related("parent_container"):
        assert tray.parent_container.hierarchy_role == "STRUCTURAL"
        assert tray.parent_container.hall_id == tray.hall_id
        assert tray.parent_container_id in handle.racks


@pytest.mark.django_db
def test_sensors_per_container_follow_the_legacy_probes() -> None:
    build_infrastructure("small")
    containers = model("infrastructure.Container").objects.annotate(n=Count("sensors"))
    assert Counter(
        c.n for c in containers.filter(hall__isnull=False, hierarchy_role="HOLDING")
    ) == {7: expected_counts("small")["freshwater_containers"]}
    assert Counter(c.n for c in containers.filter(area__isnull=False)) == {
        4: expected_counts("small")["rings"]
    }
    assert containers.filter(hierarchy_role="STRUCTURAL", n__gt=0).count() == 0
    ring_types = set(
        model("infrastructure.Sensor")
        .objects.filter(container__area__isnull=False)
        .values_list("sensor_type", flat=True)
    )
    assert ring_types == {"TEMPERATURE", "OXYGEN", "PH", "SALINITY"}


@pytest.mark.django_db
def test_areas_fill_the_legacy_area_groups() -> None:
    build_infrastructure("small")
    groups = model("infrastructure.AreaGroup").objects
    roots = set(groups.filter(parent__isnull=True).values_list("name", flat=True))
    assert roots == {"Scotland Marine", "Faroe Islands Marine"}
    assert groups.get(name="LEWIS North").parent.name == "LEWIS"
    areas = model("infrastructure.Area").objects.select_related("area_group", "geography")
    for area in areas:
        assert area.area_group is not None
        assert area.area_group.geography_id == area.geography_id
    assert {a.area_group.name for a in areas if a.geography.name == "Scotland"} == {
        "LOCH FYNE",
        "STRIVEN,ARRAN,MULL,GIGHA",
    }


@pytest.mark.django_db
def test_handle_is_frozen() -> None:
    handle = build_infrastructure("small")
    with pytest.raises(dataclasses.FrozenInstanceError):
        handle.sensors = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        handle.halls["Fry"] = ()  # type: ignore[index]


@pytest.mark.django_db
def test_history_rows_are_written() -> None:
    handle = build_infrastructure("small")
    container = model("infrastructure.Container")
    assert container.history.count() == handle.counts["containers"]


@pytest.mark.django_db
def test_building_twice_keeps_carrier_names_unique() -> None:
    build_infrastructure("small")
    build_infrastructure("small")
    carriers = model("infrastructure.TransportCarrier").objects
    assert carriers.count() == 2 * expected_counts("small")["carriers"]
    assert model("infrastructure.Geography").objects.count() == 2


@pytest.mark.django_db
def test_a_failed_build_leaves_the_database_as_it_was(monkeypatch) -> None:
    def boom(self):
        raise RuntimeError("carrier yard on fire")

    monkeypatch.setattr(layout._LayoutBuilder, "carriers", boom)
    with pytest.raises(RuntimeError, match="on fire"):
        build_infrastructure("small")
    assert db_counts() == dict.fromkeys(db_counts(), 0)


@pytest.mark.django_db
def test_full_scale_builds_the_legacy_counts() -> None:
    handle = build_infrastructure("full")
    assert dict(handle.counts) == expected_counts("full")
    assert db_counts() == expected_counts("full")
