"""BatchSpec validates early and names the field, the value and what is allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from pytest_aquadata.sim import BatchSpec, params

START = dt.date(2024, 1, 15)


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"eggs": 0}, "eggs", "0"),
        ({"eggs": -5}, "eggs", "-5"),
        ({"eggs": 1.5}, "eggs", "1.5"),
        ({"eggs": True}, "eggs", "True"),
        ({"eggs": params.MAX_EGGS + 1}, "eggs", str(params.MAX_EGGS + 1)),
        ({"geography": "Norway"}, "geography", "'Norway'"),
        ({"harvest_target_kg": 0.5}, "harvest_target_kg", "0.5"),
        ({"harvest_target_kg": 10.5}, "harvest_target_kg", "10.5"),
        ({"end_date": START - dt.timedelta(days=1)}, "end_date", "2024, 1, 14"),
        ({"stop_at_stage": "Grilse"}, "stop_at_stage", "'Grilse'"),
        ({"overrides": {"tgc_salmon": 3.0}}, "overrides['tgc_salmon']", "3.0"),
        ({"overrides": {"tgc_sea": 9.0}}, "overrides['tgc_sea']", "9.0"),
        ({"overrides": {"tgc_sea": float("nan")}}, "overrides['tgc_sea']", "nan"),
        (
            {"overrides": {"lice_cold_c": 12.0, "lice_warm_c": 10.0}},
            "overrides['lice_cold_c']",
            "12.0",
        ),
        ({"start_date": "2024-01-15"}, "start_date", "'2024-01-15'"),
    ],
)
def test_invalid_values_raise_naming_field_value_and_allowed(kwargs, field, value):
    fields = {"geography": "Scotland", "eggs": 1000, "start_date": START, **kwargs}
    with pytest.raises(ValueError) as error:
        BatchSpec(**fields)
    message = str(error.value)
    assert f"BatchSpec.{field}=" in message
    assert value in message
    assert "allowed:" in message


def test_unknown_override_lists_the_known_names():
    with pytest.raises(ValueError, match="tgc_sea"):
        BatchSpec("Scotland", 1000, START, overrides={"growth": 1.0})


def test_valid_spec_applies_overrides_and_is_hashable():
    spec = BatchSpec(
        "Faroe Islands", 3_500_000, START, harvest_target_kg=5, overrides={"tgc_sea": 3.2}
    )
    assert spec.biology().tgc_sea == 3.2
    assert spec.biology().fcr_sea == params.Biology().fcr_sea
    same = BatchSpec(
        "Faroe Islands", 3_500_000, START, harvest_target_kg=5, overrides={"tgc_sea": 3.2}
    )
    assert spec == same and hash(spec) == hash(same)
    with pytest.raises(TypeError):
        spec.overrides["tgc_sea"] = 2.0  # the stored mapping is read-only


def test_last_day_counts_from_the_start():
    assert BatchSpec("Scotland", 10, START, end_date=START).last_day() == 0
    assert BatchSpec("Scotland", 10, START, end_date=START + dt.timedelta(days=30)).last_day() == 30
    assert BatchSpec("Scotland", 10, START).last_day() is None
