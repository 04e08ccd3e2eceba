"""Benchmark the bulk loader on environmental readings: raw writes, the loader, per-row ORM.

    python benchmarks/bench_load.py [--database URL] [--rows N] [--orm-rows M] [--repeat R]

Without ``--database`` it uses a SQLite file in a temporary folder. With a PostgreSQL URL it
creates a scratch database ``aquadata_bench_<pid>`` on that server, migrates it and drops it
afterwards. Each method writes into an empty table inside one transaction (commit included):

* raw: SQLite ``executemany`` of prebuilt tuples / PostgreSQL ``COPY`` of a prebuilt text
  file, the ceiling for that database;
* loader: ``pytest_aquadata.load.load`` from numpy columns (conversion included);
* ORM: ``Model.objects.create()`` per row, factory_boy style, on fewer rows.

Prints rows, seconds, rows/s and the ratio to raw (best of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

READING = "environmental.EnvironmentalReading"
CONTAINERS = 20
PARAMETERS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="server URL (postgres://...); default: SQLite temp file")
    parser.add_argument("--rows", type=int, default=200_000, help="rows for raw and loader runs")
    parser.add_argument("--orm-rows", type=int, default=5_000, help="rows for the ORM run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per method; the best counts")
    return parser.parse_args(argv)


def scratch_database(url: str | None) -> tuple[str, Callable[[], None]]:
    """A URL for a fresh scratch database and the function that removes it."""
    if not url:
        folder = tempfile.mkdtemp(prefix="aquadata_bench_")
        return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, True)
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"unsupported database URL scheme {parts.scheme!r}")
    import psycopg

    name = f"aquadata_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def parents() -> dict[str, list[int]]:
    """Parameters, containers, sensors, a batch and its assignments, made with the ORM."""
    from decimal import Decimal

    from django.apps import apps

    def model(label: str):
        return apps.get_model(label)

    geography = model("infrastructure.Geography").objects.create(name="Bench")
    area = model("infrastructure.Area").objects.create(
        name="Bench area",
        geography=geography,
        latitude=Decimal("62"),
        longitude=Decimal("-7"),
        max_biomass=Decimal("1000000"),
    )
    pen = model("infrastructure.ContainerType").objects.create(
        name="Pen", category="PEN", max_volume_m3=Decimal("50000")
    )
    species = model("batch.Species").objects.create(name="Salmo salar", scientific_name="S. salar")
    stage = model("batch.LifeCycleStage").objects.create(name="Adult", species=species, order=6)
    batch = model("batch.Batch").objects.create(
        batch_number="BENCH-1",
        species=species,
        lifecycle_stage=stage,
        start_date=dt.date(2024, 1, 1),
    )
    ids: dict[str, list[int]] = {"container": [], "sensor": [], "assignment": []}
    for i in range(CONTAINERS):
        container = model("infrastructure.Container").objects.create(
            name=f"Pen {i}",
            container_type=pen,
            area=area,
            volume_m3=Decimal("40000"),
            max_biomass_kg=Decimal("500000"),
        )
        sensor = model("infrastructure.Sensor").objects.create(
            name=f"Sensor {i}", sensor_type="TEMPERATURE", container=container
        )
        assignment = model("batch.BatchContainerAssignment").objects.create(
            batch=batch,
            container=container,
            lifecycle_stage=stage,
            population_count=100_000,
            biomass_kg=Decimal("100"),
            assignment_date=dt.date(2024, 1, 1),
        )
        ids["container"].append(container.pk)
        ids["sensor"].append(sensor.pk)
        ids["assignment"].append(assignment.pk)
    parameter = model("environmental.EnvironmentalParameter")
    ids["parameter"] = [
        parameter.objects.create(name=f"P{i}", unit="u").pk for i in range(PARAMETERS)
    ]
    ids["batch"] = [batch.pk]
    return ids


def reading_columns(n: int, ids: dict[str, list[int]]) -> dict[str, object]:
    """n readings as numpy columns: every container × parameter every five minutes."""
    rng = np.random.default_rng(42)
    series = np.arange(n) % (CONTAINERS * PARAMETERS)
    step = np.arange(n) // (CONTAINERS * PARAMETERS)
    container = series // PARAMETERS
    start = np.datetime64("2024-01-01T00:00:00", "us")
    return {
        "parameter": np.asarray(ids["parameter"])[series % PARAMETERS],
        "container": np.asarray(ids["container"])[container],
        "sensor": np.asarray(ids["sensor"])[container],
        "batch": ids["batch"][0],
        "batch_container_assignment": np.asarray(ids["assignment"])[container],
        "value": rng.normal(10.0, 2.0, n),
        "reading_time": start + step * np.timedelta64(300, "s"),
        "is_manual": False,
        "notes": "",
    }


def raw_rows(columns: dict[str, object], n: int) -> list[tuple]:
    """The same readings as prebuilt tuples in table column order (ids 1..n)."""
    from django.utils import timezone

    created = timezone.now().strftime("%Y-%m-%d %H:%M:%S.%f")
    times = np.datetime_as_string(columns["reading_time"], unit="s").tolist()
    times = [t.replace("T", " ") for t in times]
    return list(
        zip(
            range(1, n + 1),
            columns["parameter"].tolist(),
            columns["container"].tolist(),
            [columns["batch"]] * n,
            columns["sensor"].tolist(),
            columns["batch_container_assignment"].tolist(),
            np.round(columns["value"], 4).tolist(),
            times,
            [False] * n,
            [None] * n,
            [""] * n,
            [created] * n,
            strict=True,
        )
    )


def copy_text(rows: list[tuple]) -> str:
    """Prebuilt tuples as one COPY text file (UTC instants)."""
    lines = []
    for row in rows:
        fields = []
        for i, value in enumerate(row):
            if value is None:
                fields.append("\\N")
            elif isinstance(value, bool):
                fields.append("t" if value else "f")
            elif i in (7, 11):
                fields.append(value + "+00:00")
            elif isinstance(value, float):
                fields.append(f"{value:.4f}")
            else:
                fields.append(str(value))
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


COLUMNS = (
    "id, parameter_id, container_id, batch_id, sensor_id, batch_container_assignment_id, "
    "value, reading_time, is_manual, recorded_by_id, notes, created_at"
)


def empty_table() -> None:
    """Remove every reading (TRUNCATE on PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE environmental_environmentalreading")
        else:
            cursor.execute("DELETE FROM environmental_environmentalreading")


def timed(run: Callable[[], None], repeat: int) -> float:
    """Best wall time of ``repeat`` runs, each into an empty table inside one transaction."""
    from django.db import transaction

    best = float("inf")
    for _ in range(repeat):
        empty_table()
        start = time.perf_counter()
        with transaction.atomic():
            run()
        best = min(best, time.perf_counter() - start)
    return best


def benchmark(args: argparse.Namespace) -> list[tuple[str, int, float]]:
    """Run every method; (label, rows, seconds) per method."""
    from django.apps import apps
    from django.db import connection

    from pytest_aquadata.load import fkcheck, load

    ids = parents()
    n = args.rows
    columns = reading_columns(n, ids)
    rows = raw_rows(columns, n)
    results = []
    if connection.vendor == "postgresql":
        text = copy_text(rows)
        sql = f"COPY environmental_environmentalreading ({COLUMNS}) FROM STDIN"

        def raw() -> None:
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                copy.write(text)

        results.append(("raw COPY (prebuilt text)", n, timed(raw, args.repeat)))
        label = "loader (COPY)"
    else:
        marks = ", ".join(["?"] * 12)
        sql = f"INSERT INTO environmental_environmentalreading ({COLUMNS}) VALUES ({marks})"

        def raw() -> None:
            connection.ensure_connection()
            connection.connection.executemany(sql, rows)

        results.append(("raw executemany (prebuilt tuples)", n, timed(raw, args.repeat)))
        label = "loader (executemany)"
    if connection.vendor == "postgresql":
        checks = "bulk FK checks" if fkcheck.can_skip_triggers(connection) else "per-row FK"
        label = f"loader (COPY, default: {checks})"
    results.append((label, n, timed(lambda: load(READING, columns), args.repeat)))
    if connection.vendor == "postgresql":
        deferred = timed(lambda: load(READING, columns, fk_checks="deferred"), args.repeat)
        results.append(("loader (COPY, fk_checks='deferred')", n, deferred))

    reading = apps.get_model(READING)
    m = min(n, args.orm_rows)
    values = {k: (v[:m] if isinstance(v, np.ndarray) else v) for k, v in columns.items()}
    fk = ("parameter", "container", "sensor", "batch_container_assignment")
    instants = values["reading_time"].astype(object).tolist()

    def orm() -> None:
        for i in range(m):
            reading.objects.create(
                **{f"{name}_id": int(values[name][i]) for name in fk},
                batch_id=values["batch"],
                value=round(float(values["value"][i]), 4),
                reading_time=instants[i].replace(tzinfo=dt.timezone.utc),
            )

    results.append(("ORM create() per row", m, timed(orm, args.repeat)))

    from pytest_aquadata.factories import factory_for

    factory = factory_for(READING)
    fk_models = {name: reading._meta.get_field(name).related_model for name in (*fk, "batch")}
    cache: dict[tuple[str, int], object] = {}

    def parent(name: str, pk: int) -> object:
        if (name, pk) not in cache:
            cache[(name, pk)] = fk_models[name].objects.get(pk=pk)
        return cache[(name, pk)]

    def factory_boy() -> None:
        for i in range(m):
            factory.create(
                **{name: parent(name, int(values[name][i])) for name in fk},
                batch=parent("batch", int(values["batch"])),
                value=round(float(values["value"][i]), 4),
                reading_time=instants[i].replace(tzinfo=dt.timezone.utc),
            )

    results.append(("factory_boy create() per row", m, timed(factory_boy, args.repeat)))
    return results


def report(vendor: str, results: list[tuple[str, int, float]]) -> str:
    """The results as a table with rows/s, the ratio to raw and each loader's gain over the ORM."""
    raw_rate = results[0][1] / results[0][2]
    orm_rate = results[-2][1] / results[-2][2]
    factory_rate = results[-1][1] / results[-1][2]
    lines = [
        f"database: {vendor}",
        f"{'method':<40}{'rows':>10}{'seconds':>10}{'rows/s':>12}{'vs raw':>9}{'vs ORM':>9}"
        f"{'vs factory':>12}",
    ]
    for name, rows, seconds in results:
        rate = rows / seconds
        lines.append(
            f"{name:<40}{rows:>10,}{seconds:>10.3f}{rate:>12,.0f}"
            f"{rate / raw_rate:>9.2f}{rate / orm_rate:>8.1f}x{rate / factory_rate:>11.1f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Create the scratch database, migrate, benchmark, print, clean up."""
    args = parse_args(argv)
    url, remove = scratch_database(args.database)
    try:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        print(report(connection.vendor, benchmark(args)))
    finally:
        remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
