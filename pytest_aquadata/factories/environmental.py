"""Factories of the `environmental` app: parameters, readings, photoperiod, weather.

Parameter names, units and ranges and the water-quality distributions come from
``sim.params.ENV_PARAMETERS`` / ``DAILY_WATER``; sea temperatures follow the monthly sea
surface temperature of the area's geography; day length is astronomical for the latitude.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import factory
from django.apps import apps

from pytest_aquadata.factories.base import AquaFactory
from pytest_aquadata.factories.batch import (
    BatchContainerAssignmentFactory,
    BatchTransferWorkflowFactory,
)
from pytest_aquadata.factories.infrastructure import AreaFactory, ContainerFactory, SensorFactory
from pytest_aquadata.factories.values import (
    Derived,
    day_length_hours,
    dec,
    env_parameter,
    next_free_date,
    now,
    randint,
    sea_temperature,
    today,
    uniform,
    water_draw,
)
from pytest_aquadata.reference.sensors import SENSOR_PROBES
from pytest_aquadata.reference.weather import WEATHER
from pytest_aquadata.sim import climate as sim_climate
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import stage_of

_FAROE = "Faroe Islands"


def _decimal_or_none(value: float | None) -> Any:
    return dec(value) if value is not None else None


class EnvironmentalParameterFactory(AquaFactory):
    """A measured water parameter, "Temperature" (°C) by default, or any of "Dissolved
    Oxygen", "Oxygen Saturation", "Salinity", "pH", "CO2", "Ammonia", "Nitrite", "Nitrate"
    with unit, acceptable and optimal ranges (docs/references.md §8 via ``sim.params``);
    get-or-create on name."""

    class Meta:
        model = "environmental.EnvironmentalParameter"
        django_get_or_create = ("name",)

    class Params:
        row = Derived("sim.params parameter of the name", lambda o: env_parameter(o.name))
        oxygen = factory.Trait(name="Dissolved Oxygen")
        salinity = factory.Trait(name="Salinity")
        ph = factory.Trait(name="pH")

    name = "Temperature"
    unit = factory.LazyAttribute(lambda o: o.row.unit if o.row else "")
    description = factory.LazyAttribute(
        lambda o: (
            f"{o.name} ({o.row.unit}), measured in {' and '.join(o.row.environments)} containers."
            if o.row
            else ""
        )
    )
    min_value = factory.LazyAttribute(
        lambda o: _decimal_or_none(o.row.min_value if o.row else None)
    )
    max_value = factory.LazyAttribute(
        lambda o: _decimal_or_none(o.row.max_value if o.row else None)
    )
    optimal_min = factory.LazyAttribute(
        lambda o: _decimal_or_none(o.row.optimal_min if o.row else None)
    )
    optimal_max = factory.LazyAttribute(
        lambda o: _decimal_or_none(o.row.optimal_max if o.row else None)
    )


def _container_water(container: Any) -> tuple[str, str]:
    """("sea" | "freshwater", geography name) of a container (freshwater when unknown)."""
    if container is None:
        return "freshwater", _FAROE
    area = getattr(container, "area", None)
    if area is not None:
        return "sea", area.geography.name
    hall = getattr(container, "hall", None)
    station = getattr(hall, "freshwater_station", None)
    return "freshwater", station.geography.name if station is not None else _FAROE


def _oxygen_solubility_mg_l(temperature_c: float, sea: bool, geography: str) -> float:
    """O₂ solubility at 100 % saturation (mg/L) at the water's mean salinity: the simulation's
    Benson & Krause model (``sim.climate.oxygen_solubility_mg_l``)."""
    if sea:
        water = params.GEOGRAPHIES.get(geography) or params.GEOGRAPHIES[_FAROE]
        salinity = water.salinity_ppt
    else:
        salinity = params.FRESHWATER_SALINITY_PPT
    return float(sim_climate.oxygen_solubility_mg_l(temperature_c, salinity))


def water_value(name: str, environment: str, geography: str, day: dt.date) -> float:
    """A plausible reading of parameter ``name`` in a freshwater tank or sea pen on ``day``."""
    sea = environment == "sea"
    freshwater_temp = params.Biology().freshwater_temp_c
    temperature = sea_temperature(geography, day) if sea else freshwater_temp
    if name == "Temperature":
        return temperature + uniform(-0.5, 0.5)
    if name == "Salinity":
        if not sea:
            return params.FRESHWATER_SALINITY_PPT
        climate = params.GEOGRAPHIES.get(geography) or params.GEOGRAPHIES[_FAROE]
        return climate.salinity_ppt + uniform(-1, 1) * climate.salinity_sd_ppt
    row = env_parameter(name)
    if name in ("Dissolved Oxygen", "Oxygen Saturation"):
        mean, sd, low, high = water_draw("oxygen_sat_pct", sea) or (92.0, 3.0, 80.0, 105.0)
        saturation = min(high, max(low, mean + uniform(-1, 1) * sd))
        if name == "Oxygen Saturation":
            return saturation
        return saturation / 100 * _oxygen_solubility_mg_l(temperature, sea, geography)
    draw = (water_draw(row.key, sea) or water_draw(row.key, False)) if row is not None else None
    if draw is not None:
        mean, sd, low, high = draw
        return min(high, max(low, mean + uniform(-1.5, 1.5) * sd))
    if row is not None:
        low = row.optimal_min if row.optimal_min is not None else row.min_value or 0.0
        high = row.optimal_max if row.optimal_max is not None else row.max_value or low + 1
        return uniform(low, high)
    return uniform(5.0, 15.0)


class EnvironmentalReadingFactory(AquaFactory):
    """A reading of a parameter (default Temperature) in the last day with a realistic value
    for its water (sea values at the area's geography); manual and unattached by default;
    traits ``in_container``, ``from_sensor`` (a matching probe; not manual) and
    ``for_assignment`` (batch, container and assignment linked)."""

    class Meta:
        model = "environmental.EnvironmentalReading"

    class Params:
        water = Derived(
            "(freshwater | sea, geography) of the container",
            lambda o: _container_water(o.container),
        )
        in_container = factory.Trait(container=factory.SubFactory(ContainerFactory))
        from_sensor = factory.Trait(
            sensor=factory.SubFactory(
                SensorFactory,
                kind=factory.LazyAttribute(
                    lambda o: next(
                        (
                            p.label
                            for p in SENSOR_PROBES.values()
                            if o.factory_parent.parameter.name in p.parameters
                        ),
                        "Temperature",
                    )
                ),
                container=factory.Maybe(
                    factory.SelfAttribute("..batch_container_assignment"),
                    factory.SelfAttribute("..batch_container_assignment.container"),
                    factory.SubFactory(ContainerFactory),
                ),
            ),
        )
        for_assignment = factory.Trait(
            batch_container_assignment=factory.SubFactory(BatchContainerAssignmentFactory)
        )

    parameter = factory.SubFactory(EnvironmentalParameterFactory)
    batch_container_assignment = None
    sensor = None
    container = factory.Maybe(
        "sensor",
        factory.SelfAttribute("sensor.container"),
        factory.Maybe(
            "batch_container_assignment",
            factory.SelfAttribute("batch_container_assignment.container"),
            None,
        ),
    )
    batch = factory.Maybe(
        "batch_container_assignment",
        factory.SelfAttribute("batch_container_assignment.batch"),
        None,
    )
    reading_time = factory.LazyFunction(
        lambda: now().replace(second=0) - dt.timedelta(minutes=randint(0, 24 * 60))
    )
    value = factory.LazyAttribute(
        lambda o: dec(
            water_value(o.parameter.name, o.water[0], o.water[1], o.reading_time.date()), 4
        )
    )
    is_manual = factory.LazyAttribute(lambda o: o.sensor is None)
    recorded_by = None
    notes = ""


def _lux(latitude: float, day: dt.date) -> float:
    """Mean daylight illuminance at the surface (lux): a clear-sky noon value scaled by the
    sun's noon elevation, times an overcast factor (choice: docs/references.md has no light data)."""
    doy = day.timetuple().tm_yday
    declination = 23.44 * math.sin(math.radians(360 / 365 * (doy - 81)))
    elevation = max(1.0, 90 - latitude + declination)
    return 100_000 * math.sin(math.radians(elevation)) * 0.5 * uniform(0.25, 0.9)


class PhotoperiodDataFactory(AquaFactory):
    """Day length (astronomical, for the area's latitude) and mean daylight illuminance of a
    sea area on a day: today for a new area, then successive days for the same area."""

    class Meta:
        model = "environmental.PhotoperiodData"

    area = factory.SubFactory(AreaFactory)
    date = factory.LazyAttribute(
        lambda o: next_free_date(
            apps.get_model("environmental", "PhotoperiodData"), {"area": o.area}, "date", today()
        )
    )
    day_length_hours = factory.LazyAttribute(
        lambda o: dec(day_length_hours(float(o.area.latitude), o.date))
    )
    light_intensity = factory.LazyAttribute(lambda o: dec(_lux(float(o.area.latitude), o.date)))
    is_interpolated = False


def _next_weather_time(o: Any) -> dt.datetime:
    latest = None
    if o.area.pk is not None:
        latest = (
            apps.get_model("environmental", "WeatherData")
            ._default_manager.filter(area=o.area)
            .order_by("-timestamp")
            .values_list("timestamp", flat=True)
            .first()
        )
    if latest is not None:
        return latest + dt.timedelta(hours=1)
    return now().replace(minute=0, second=0)


class WeatherDataFactory(AquaFactory):
    """An hourly weather observation of a sea area (successive hours per area): air
    temperature near the geography's sea temperature, Weibull wind, waves growing with the
    wind, showers and mostly cloudy skies (Faroe windier than Scotland)."""

    class Meta:
        model = "environmental.WeatherData"

    class Params:
        climate = Derived(
            "air-temperature offset, mean wind and waves of the geography",
            lambda o: WEATHER.get(o.area.geography.name) or WEATHER[_FAROE],
        )
        wind = Derived(
            "Weibull wind speed around the geography's mean",
            lambda o: factory.random.randgen.weibullvariate(o.climate[2] / 0.886, 2.0),
        )

    area = factory.SubFactory(AreaFactory)
    timestamp = factory.LazyAttribute(_next_weather_time)
    temperature = factory.LazyAttribute(
        lambda o: dec(
            sea_temperature(o.area.geography.name, o.timestamp.date())
            + uniform(o.climate[0], o.climate[1])
        )
    )
    wind_speed = factory.LazyAttribute(lambda o: dec(o.wind))
    wind_direction = factory.LazyFunction(lambda: randint(0, 359))
    precipitation = factory.LazyFunction(
        lambda: dec(0 if uniform(0, 1) < 0.55 else factory.random.randgen.expovariate(1 / 1.5))
    )
    wave_height = factory.LazyAttribute(
        lambda o: dec(o.climate[3] * (0.3 + 0.7 * o.wind / o.climate[2]) * uniform(0.8, 1.2))
    )
    wave_period = factory.LazyAttribute(
        lambda o: dec(3.5 + 2.5 * math.sqrt(float(o.wave_height)) * uniform(0.9, 1.1))
    )
    wave_direction = factory.LazyAttribute(lambda o: (o.wind_direction + randint(-30, 30)) % 360)
    cloud_cover = factory.LazyFunction(lambda: min(100, int(100 * uniform(0.3, 1.2))))
    created_at = factory.LazyFunction(now)


def _transfer_water(o: Any) -> tuple[str, str]:
    workflow = o.batch_transfer_workflow
    dest = workflow.dest_lifecycle_stage or workflow.source_lifecycle_stage
    sea = stage_of(dest).is_sea if dest is not None else False
    return ("sea" if sea else "freshwater", _FAROE)


def _extra_water(o: Any) -> dict[str, float]:
    """O₂ saturation always; CO₂ only in freshwater, where it is measured."""
    extra = {
        "oxygen_saturation_pct": float(dec(water_value("Oxygen Saturation", *o.water, o.day), 1))
    }
    if o.water[0] == "freshwater":
        extra["co2_mg_l"] = float(dec(water_value("CO2", *o.water, o.day)))
    return extra


class StageTransitionEnvironmentalFactory(AquaFactory):
    """The water quality (temperature, O₂, salinity, pH, CO₂ and O₂ saturation as extras)
    recorded for a transfer workflow (default a Fry → Parr transfer), in the destination's
    water: seawater for a transfer to sea."""

    class Meta:
        model = "environmental.StageTransitionEnvironmental"

    class Params:
        water = Derived("(freshwater | sea, geography) of the destination", _transfer_water)
        day = Derived(
            "the workflow's planned start date",
            lambda o: o.batch_transfer_workflow.planned_start_date,
        )

    batch_transfer_workflow = factory.SubFactory(BatchTransferWorkflowFactory)
    temperature = factory.LazyAttribute(lambda o: dec(water_value("Temperature", *o.water, o.day)))
    oxygen = factory.LazyAttribute(lambda o: dec(water_value("Dissolved Oxygen", *o.water, o.day)))
    salinity = factory.LazyAttribute(lambda o: dec(water_value("Salinity", *o.water, o.day)))
    ph = factory.LazyAttribute(lambda o: dec(water_value("pH", *o.water, o.day)))
    additional_parameters = factory.LazyAttribute(_extra_water)
    notes = factory.LazyAttribute(
        lambda o: f"Water quality recorded at transfer {o.batch_transfer_workflow.workflow_number}."
    )
