"""The farm clock on a whole farm: `aquadata saturate --as-of 2026-06-30 --seed 7 --scale small`
twice gives identical databases (every table, every column, ids and timestamps included), the
farm runs up to as-of and no further, and PostgreSQL holds the same rows as SQLite.

One pair of CLI builds (two SQLite files) serves every test of the module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction

from pytest_aquadata.coverage import domain_tables

AS_OF = "2026-06-30"
SEED = "7"
HERE = Path(__file__).parent
MIGRATIONS = 'INSERT INTO "django_migrations"'
"""Rows of the migrations table say when the schema was migrated (the wall clock): the one
table left out of the comparison."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_ADDOPTS")}
    env["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
    return env


def _cli(path: Path, hash_seed: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_aquadata.cli",
            "saturate",
            "--database",
            f"sqlite:///{path}",
            "--as-of",
            AS_OF,
            "--seed",
            SEED,
            "--scale",
            "small",
            "--readings",
            "0",
            "--no-cache",
        ],
        check=True,
        env={**_env(), "PYTHONHASHSEED": hash_seed},  # set order must not leak into the rows
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def cli_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two CLI saturations with the same seed, scale and as-of, into two fresh SQLite files
    (in processes with different hash seeds)."""
    folder = tmp_path_factory.mktemp("farm-clock")
    first, second = folder / "first.sqlite3", folder / "second.sqlite3"
    _cli(first, "1")
    _cli(second, "2")
    return first, second


def _column_digests(path: Path) -> dict[str, dict[str, str]]:
    """``{table: {column: sha256 of its values in key order, "#rows": n}}`` of a SQLite file."""
    out: dict[str, dict[str, str]] = {}
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in sorted(set(tables) - {"django_migrations"}):
            cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            names = [c[0] for c in cursor.description]
            hashes = {n: hashlib.sha256() for n in names}
            count = 0
            for row in cursor:
                count += 1
                for name, value in zip(names, row, strict=True):
                    hashes[name].update(repr(value).encode() + b"\x1f")
            out[table] = {"#rows": str(count), **{n: h.hexdigest() for n, h in hashes.items()}}
    return out


def test_cli_twice_gives_identical_databases(cli_builds: tuple[Path, Path]) -> None:
    dumps = []
    for path in cli_builds:
        with sqlite3.connect(path) as db:  # all but when the schema was migrated (wall clock)
            dumps.append([line for line in db.iterdump() if MIGRATIONS not in line])
    assert len(dumps[0]) > 1000
    assert dumps[0] == dumps[1]


def test_every_table_identical_column_by_column(cli_builds: tuple[Path, Path]) -> None:
    first, second = (_column_digests(p) for p in cli_builds)
    domain = {table for _app, _model, table, _kind in domain_tables()}
    assert domain <= set(first)
    assert all(int(first[t]["#rows"]) > 0 for t in domain)
    differing = [
        f"{table}.{column}"
        for table in sorted(set(first) | set(second))
        for column in sorted(set(first.get(table, {})) | set(second.get(table, {})))
        if first.get(table, {}).get(column) != second.get(table, {}).get(column)
    ]
    assert differing == []


def test_the_farm_runs_up_to_as_of_and_no_further(cli_builds: tuple[Path, Path]) -> None:
    as_of = dt.date.fromisoformat(AS_OF)
    with sqlite3.connect(cli_builds[0]) as db:

        def one(sql: str) -> Any:
            return db.execute(sql).fetchone()[0]

        active = "SELECT id FROM batch_batch WHERE status = 'ACTIVE'"
        assert (
            one(
                f"SELECT MAX(feeding_date) FROM inventory_feedingevent WHERE batch_id IN ({active})"
            )
            == AS_OF
        )
        assert one("SELECT MAX(date) FROM batch_actualdailyassignmentstate") == AS_OF
        assert one("SELECT MAX(event_date) FROM batch_mortalityevent") <= AS_OF
        assert one("SELECT MAX(created_at) FROM batch_mortalityevent") <= f"{AS_OF} 22:00:00"
        assert one("SELECT MAX(history_date) FROM inventory_historicalfeedingevent") <= (
            f"{AS_OF} 22:00:00"
        )
        # the as-of is recorded: the operator user last logged in at the farm's now
        login = one("SELECT last_login FROM auth_user WHERE username = 'aquadata'")
        assert login.startswith(as_of.isoformat())
        # the containers batches use were entered before the first batch's eggs arrived
        first_start = one("SELECT MIN(start_date) FROM batch_batch")
        used = "SELECT container_id FROM batch_batchcontainerassignment"
        assert (
            one(f"SELECT MAX(created_at) FROM infrastructure_container WHERE id IN ({used})")
            < first_start
        )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_aquadata.cli",
            "validate",
            "--database",
            f"sqlite:///{cli_builds[0]}",
        ],
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert "FAIL" not in result.stdout, result.stdout
    assert result.returncode == 0


def _history_tables(db: sqlite3.Connection) -> list[str]:
    """The simple-history tables of a built SQLite farm."""
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%historical%'"
    return [name for (name,) in db.execute(query)]


def test_every_history_row_names_a_farm_user(cli_builds: tuple[Path, Path]) -> None:
    """Only the administrator's own first row names no one; the staff exist before they act."""
    with sqlite3.connect(cli_builds[0]) as db:
        tables = _history_tables(db)
        assert len(tables) > 50
        nameless = {
            t: n
            for t in tables
            if (
                n := db.execute(
                    f"SELECT COUNT(*) FROM {t} WHERE history_user_id IS NULL"
                ).fetchone()[0]
            )
        }
        assert nameless == {"auth_historicaluser": 1}
        joined = dict(
            db.execute(
                "SELECT p.role, MAX(u.date_joined) FROM users_userprofile p "
                "JOIN auth_user u ON u.id = p.user_id GROUP BY p.role"
            ).fetchall()
        )
        assert set(joined) >= {"OPR", "VET", "MGR", "FIN", "ADMIN"}
        first_start = db.execute("SELECT MIN(start_date) FROM batch_batch").fetchone()[0]
        assert max(joined.values()) < first_start


def test_every_history_table_tells_why_some_rows_changed(cli_builds: tuple[Path, Path]) -> None:
    """Every change row says what changed; a minority of creation rows names its origin, in
    every historical table (rows.change_reasons)."""
    with sqlite3.connect(cli_builds[0]) as db:
        tables = _history_tables(db)
        assert len(tables) > 50
        counts = {
            t: db.execute(
                f"SELECT COUNT(history_change_reason), "
                f"SUM(history_type = '~' AND history_change_reason IS NULL), "
                f"SUM(history_type = '+'), "
                f"SUM(history_type = '+' AND history_change_reason IS NOT NULL), "
                f"MAX(LENGTH(history_change_reason)) FROM {t}"
            ).fetchone()
            for t in tables
        }
        assert [t for t, c in counts.items() if c[0] == 0] == []
        assert [t for t, c in counts.items() if c[1]] == []  # no change row without a reason
        created, named = (sum(c[i] or 0 for c in counts.values()) for i in (2, 3))
        assert 0.05 * created < named < 0.5 * created  # most creation rows keep none
        assert max(c[4] for c in counts.values()) <= 100
        reasons = {
            r
            for (r,) in db.execute(
                "SELECT DISTINCT history_change_reason FROM batch_historicalbatch "
                "UNION SELECT DISTINCT history_change_reason FROM "
                "batch_historicalbatchtransferworkflow"
            )
        }
        assert {"Stage transition to Smolt", "Workflow completed"} <= reasons


def test_staff_profiles_hold_their_contact_details(cli_builds: tuple[Path, Path]) -> None:
    """Department by role, a fictional phone of the geography, a picture for some only."""
    with sqlite3.connect(cli_builds[0]) as db:
        rows = db.execute(
            "SELECT role, geography, department, phone, profile_picture FROM users_userprofile"
        ).fetchall()
    departments = {role: department for role, _g, department, _p, _pic in rows}
    assert departments["VET"] == "Fish Health" and departments["FIN"] == "Finance"
    assert departments["ADMIN"] == "Administration" and departments["OPR"] == "Operations"
    phones = {(role, geography): phone for role, geography, _d, phone, _pic in rows}
    assert phones[("OPR", "FO")].startswith("+298 ") and phones[("OPR", "SC")].startswith("+44 ")
    assert phones[("ADMIN", "ALL")] is None
    pictures = [pic for *_r, pic in rows if pic]
    assert 0 < len(pictures) < len(rows)
    assert all(p.startswith("profile_pictures/") and p.endswith(".jpg") for p in pictures)


DIGEST_RUN = r"""
import json, os, sys
os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[1]
import django
django.setup()
sys.path.insert(0, sys.argv[2])
from table_digests import table_digests
json.dump(table_digests(), sys.stdout)
"""


@pytest.mark.django_db
def test_postgresql_holds_the_same_rows_as_sqlite(cli_builds: tuple[Path, Path]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "compares a PostgreSQL build with the SQLite ones; runs in the PostgreSQL suite"
        )
    from table_digests import differences, table_digests

    from pytest_aquadata import clock
    from pytest_aquadata.saturation import saturate

    class Rollback(Exception):
        pass

    here: dict[str, dict[str, str]] = {}
    try:
        with transaction.atomic():
            tables = [table for _app, _model, table, _kind in domain_tables()]
            tables.append("auth_user")  # the farm's users too (their ids are in many rows)
            with connection.cursor() as cursor:  # empty tables, keys restarted
                for sql in connection.ops.sql_flush(
                    no_style(), tables, reset_sequences=True, allow_cascade=True
                ):
                    cursor.execute(sql)
            with clock.pinned(dt.date.fromisoformat(AS_OF)):
                saturate("small", seed=int(SEED), readings_per_day=0)
            here.update(table_digests())
            raise Rollback
    except Rollback:
        pass
    there = json.loads(
        subprocess.run(
            [sys.executable, "-c", DIGEST_RUN, str(cli_builds[0]), str(HERE)],
            check=True,
            env=_env(),
            capture_output=True,
            text=True,
        ).stdout
    )
    assert differences(here, there) == []
