"""Every supported field type survives a load and reads back through the ORM unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone
from load_helpers import model, rolled_back

from pytest_aquadata import clock
from pytest_aquadata.load import postgres, sqlite
from pytest_aquadata.load.columns import prepare

UTC = dt.timezone.utc
pytestmark = pytest.mark.django_db

READING = "environmental.EnvironmentalReading"


def test_decimals_datetimes_booleans_text_and_null_foreign_keys(loader, parameter):
    reading = model(READING)
    times = np.array(
        ["2024-03-01T06:00:00", "2024-03-01T06:00:00.250000", "2024-12-31T23:59:59"],
        dtype="datetime64[us]",
    )
    result = loader.load(
        reading,
        {
            "parameter": parameter.pk,
            "value": np.array([12.34567, -0.00004, 999999.99994]),
            "reading_time": times,
            "is_manual": [True, False, True],
            "notes": ["plain", "tab\there\nnew line \\ back \\N", "ünïcødé ✓ 'quoted'"],
            "container": [None, None, None],
        },
    )
    got = list(
        reading.objects.filter(pk__in=result.pks)
        .order_by("pk")
        .values_list("value", "reading_time", "is_manual", "notes", "parameter_id", "container_id")
    )
    assert got == [
        (
            Decimal("12.3457"),
            dt.datetime(2024, 3, 1, 6, tzinfo=UTC),
            True,
            "plain",
            parameter.pk,
            None,
        ),
        (
            Decimal("0.0000"),
            dt.datetime(2024, 3, 1, 6, 0, 0, 250000, tzinfo=UTC),
            False,
            "tab\there\nnew line \\ back \\N",
            parameter.pk,
            None,
        ),
        (
            Decimal("999999.9999"),
            dt.datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
            True,
            "ünïcødé ✓ 'quoted'",
            parameter.pk,
            None,
        ),
    ]
    # Lookups compare stored instants exactly as for ORM-written rows (text on SQLite).
    assert reading.objects.filter(reading_time=dt.datetime(2024, 3, 1, 6, tzinfo=UTC)).count() == 1
    exact = dt.datetime(2024, 3, 1, 6, 0, 0, 250000, tzinfo=UTC)
    assert reading.objects.filter(reading_time=exact).count() == 1
    assert reading.objects.filter(reading_time__date=dt.date(2024, 3, 1)).count() == 2
    assert reading.objects.filter(value__gt=Decimal("12.3456")).count() == 2


def test_loaded_row_equals_the_row_the_orm_writes(loader, parameter):
    reading = model(READING)
    oslo = ZoneInfo("Europe/Oslo")
    values = {
        "parameter_id": parameter.pk,
        "value": Decimal("-123.45675"),
        "reading_time": dt.datetime(2024, 7, 1, 14, 30, 5, 123456, tzinfo=oslo),
        "is_manual": True,
        "notes": "manual check",
    }
    made = reading.objects.create(**values)
    loaded = loader.load(reading, {name: [value] for name, value in values.items()})
    fields = ["parameter_id", "value", "reading_time", "is_manual", "notes", "sensor_id"]
    orm = reading.objects.filter(pk=made.pk).values(*fields).get()
    ours = reading.objects.filter(pk=loaded.pk_start).values(*fields).get()
    assert ours == orm
    assert ours["value"] == Decimal("-123.4568")  # half-even, like Decimal.quantize
    assert ours["reading_time"] == dt.datetime(2024, 7, 1, 12, 30, 5, 123456, tzinfo=UTC)


def test_dates_json_booleans_defaults_and_custom_key(loader):
    rule = model("finance_core.AllocationRule")
    definitions = [
        {"split": [0.25, 0.75], "basis": "biomass", "nested": {"ok": True, "none": None}},
        [],
        {"text": 'tab\t back\\slash "quoted" ✓'},
    ]
    result = loader.load(
        rule,
        {
            "name": ["A", "B", "C"],
            "effective_from": [dt.date(2024, 1, 1), np.datetime64("2024-02-29"), "2024-03-31"],
            "effective_to": np.array(["2024-12-31", "NaT", "NaT"], dtype="datetime64[D]"),
            "rule_definition": definitions,
            "is_active": np.array([True, False, True]),
        },
    )
    rows = list(rule.objects.filter(rule_id__in=result.pks).order_by("rule_id").values())
    assert [r["rule_id"] for r in rows] == list(result.pks)
    assert [r["effective_from"] for r in rows] == [
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
    ]
    assert [r["effective_to"] for r in rows] == [dt.date(2024, 12, 31), None, None]
    assert [r["rule_definition"] for r in rows] == definitions
    assert [r["is_active"] for r in rows] == [True, False, True]
    assert rule.objects.filter(rule_definition__basis="biomass").count() == 1
    stamps = {(r["created_at"], r["updated_at"]) for r in rows}
    assert len(stamps) == 1  # auto_now/auto_now_add: one instant per load
    created, updated = stamps.pop()
    assert created == updated == clock.moment()  # the farm clock's now, never the wall clock
    default = loader.load(rule, {"name": ["D"], "effective_from": [dt.date(2024, 5, 1)]})
    got = rule.objects.get(pk=default.pk_start)
    assert got.rule_definition == {} and got.is_active is True


def test_floats_ints_defaults_and_instances_as_foreign_keys(loader, profile):
    tgc = model("scenario.TGCModel")
    result = loader.load(
        tgc,
        {
            "name": ["Fast", "Slow"],
            "location": "Faroe",
            "release_period": "Spring",
            "tgc_value": np.array([2.875, 1e-7]),
            "exponent_m": [0.5, 2.0 / 3.0],
            "profile": profile,  # a model instance stands for its key
        },
    )
    rows = list(tgc.objects.filter(model_id__in=result.pks).order_by("model_id").values())
    assert [(r["tgc_value"], r["exponent_n"], r["exponent_m"]) for r in rows] == [
        (2.875, 0.33, 0.5),
        (1e-7, 0.33, 2.0 / 3.0),
    ]
    assert {r["profile_id"] for r in rows} == {profile.pk}
    readings = model("scenario.TemperatureReading")
    loader.load(
        readings,
        {
            "profile": profile.pk,
            "day_number": range(1, 366),
            "temperature": np.linspace(4, 12, 365),
        },
    )
    assert readings.objects.filter(profile=profile).count() == 365
    last = readings.objects.get(profile=profile, day_number=365)
    assert last.temperature == 12.0


def test_nan_and_none_become_null_in_nullable_columns(loader, area):
    weather = model("environmental.WeatherData")
    before = timezone.now()
    result = loader.load(
        weather,
        {
            "area": area.pk,
            "timestamp": [dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2024, 1, 2, tzinfo=UTC)],
            "temperature": np.array([np.nan, 7.256]),
            "wind_direction": [None, 270],
            "wave_direction": np.array([90.0, np.nan]),
            "precipitation": [Decimal("1.5"), None],
        },
    )
    rows = list(weather.objects.filter(pk__in=result.pks).order_by("pk").values())
    assert [r["temperature"] for r in rows] == [None, Decimal("7.26")]
    assert [r["wind_direction"] for r in rows] == [None, 270]
    assert [r["wave_direction"] for r in rows] == [90, None]
    assert [r["precipitation"] for r in rows] == [Decimal("1.50"), None]
    assert [r["cloud_cover"] for r in rows] == [None, None]
    created = {r["created_at"] for r in rows}  # default=timezone.now, called once per load
    assert len(created) == 1 and before <= created.pop() <= timezone.now()


def test_time_fields_and_choices_with_unchecked_parents(loader):
    feeding = model("inventory.FeedingEvent")
    with rolled_back():  # parents do not exist: the deferred FK check never runs
        result = loader.load(
            feeding,
            {
                "batch_id": [10, 11],
                "container_id": 20,
                "feed_id": 30,
                "feeding_date": [dt.date(2024, 6, 1), dt.date(2024, 6, 2)],
                "feeding_time": [dt.time(6, 30), "18:00:00.000500"],  # text parsed by the field
                "amount_kg": [Decimal("12.5"), 0.12345],
                "batch_biomass_kg": [1000, 2000.555],
                "method": ["MANUAL", "BROADCAST"],
            },
        )
        rows = list(feeding.objects.filter(pk__in=result.pks).order_by("pk").values())
        assert [r["feeding_time"] for r in rows] == [dt.time(6, 30), dt.time(18, 0, 0, 500)]
        assert [r["amount_kg"] for r in rows] == [Decimal("12.5000"), Decimal("0.1234")]
        assert [r["batch_biomass_kg"] for r in rows] == [Decimal("1000.00"), Decimal("2000.56")]
        assert [r["method"] for r in rows] == ["MANUAL", "BROADCAST"]
        assert [r["feeding_percentage"] for r in rows] == [None, None]
        assert [r["notes"] for r in rows] == ["", ""]


def test_time_and_json_columns_go_in_binary_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("binary COPY is PostgreSQL's")
    event = {
        "batch_id": [10, 11],
        "container_id": 20,
        "feed_id": 30,
        "feeding_date": [dt.date(2024, 6, 1), dt.date(2024, 6, 2)],
        "amount_kg": [1, 2],
        "batch_biomass_kg": [1000, 2000],
    }
    feeding = prepare(
        model("inventory.FeedingEvent"), {**event, "feeding_time": ["06:30", dt.time(18)]}
    )
    rule = prepare(
        model("finance_core.AllocationRule"),
        {
            "name": ["A", "B"],
            "effective_from": dt.date(2024, 1, 1),
            "rule_definition": [{"a": 1}, []],
        },
    )
    assert postgres.binary_blocks(connection, feeding, 10) is not None
    assert postgres.binary_blocks(connection, rule, 10) is not None
    unparsed = prepare(
        model("inventory.FeedingEvent"), {**event, "feeding_time": ["06:30", "half past six"]}
    )
    assert postgres.binary_blocks(connection, unparsed, 10) is None  # text COPY reports it


def test_many_chunks_and_repeated_instants(loader, parameter, monkeypatch):
    monkeypatch.setattr(postgres, "CHUNK_ROWS", 7)
    monkeypatch.setattr(sqlite, "CHUNK_ROWS", 7)
    reading = model(READING)
    n = 200
    times = np.datetime64("2024-01-01T00:00", "us") + (np.arange(n) // 20) * np.timedelta64(1, "h")
    result = loader.load(
        reading,
        {"parameter": parameter.pk, "value": np.arange(n) / 8, "reading_time": times},
    )
    rows = list(
        reading.objects.filter(pk__in=result.pks)
        .order_by("pk")
        .values_list("value", "reading_time")
    )
    assert len(rows) == n
    assert rows[0] == (Decimal("0.0000"), dt.datetime(2024, 1, 1, tzinfo=UTC))
    assert rows[-1] == (Decimal("24.8750"), dt.datetime(2024, 1, 1, 9, tzinfo=UTC))
    assert reading.objects.filter(reading_time=dt.datetime(2024, 1, 1, 5, tzinfo=UTC)).count() == 20


def test_empty_columns_write_nothing(loader):
    result = loader.load("environmental.EnvironmentalParameter", {"name": [], "unit": []})
    assert (result.rows, result.pks) == (0, None)
