"""The ``aquadata`` command: saturate, audit, validate and report on a development database."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pytest_aquadata.cli_errors import (
    check_connection,
    check_database_url,
    check_schema,
    check_sqlite_path,
    import_settings,
    redact,
    run_guarded,
    url_password,
)
from pytest_aquadata.reference.layout import DEFAULT_SCALE, SCALES
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY


def _setup_django(args: argparse.Namespace) -> None:
    """Configure Django for the command's database and check that database before any
    command touches it: a read-only command needs an existing, migrated one."""
    database, settings = getattr(args, "database", None), getattr(args, "settings", None)
    if database:
        check_database_url(database)
        os.environ["DATABASE_URL"] = database
    elif not settings and os.environ.get("DATABASE_URL"):
        check_database_url(os.environ["DATABASE_URL"], source="DATABASE_URL")
    os.environ["DJANGO_SETTINGS_MODULE"] = settings or "pytest_aquadata.settings"
    if settings:
        import_settings(settings)
    import django
    from django.db import connection

    django.setup()
    reads_only = getattr(args, "reads_only", False)
    migrate = " ".join(
        ["aquadata migrate"]
        + ([f"--settings {settings}"] if settings else [])
        + ([f"--database {redact(database)}"] if database else [])
    )
    if "sqlite" in connection.settings_dict["ENGINE"]:
        check_sqlite_path(
            str(connection.settings_dict["NAME"]), create=not reads_only, migrate=migrate
        )
    check_connection(connection)
    if reads_only:
        check_schema(connection, migrate=migrate)


def _secrets(args: argparse.Namespace) -> list[str]:
    """Passwords a message could carry: the URL's and the settings' (never printed)."""
    found = [
        url_password(getattr(args, "database", None)),
        url_password(os.environ.get("DATABASE_URL")),
    ]
    if "django.conf" in sys.modules:
        from django.conf import settings

        if settings.configured:
            # settings that failed to load hold no password to hide
            with contextlib.suppress(Exception):
                found += [str(db.get("PASSWORD") or "") for db in settings.DATABASES.values()]
    return found


def _cache_root(args: argparse.Namespace) -> Path | None:
    """The CLI's cache folder (``$AQUADATA_CACHE_DIR`` or the user cache folder), or None
    with ``--no-cache``."""
    from pytest_aquadata.cache.store import cache_root

    return None if getattr(args, "no_cache", False) else cache_root()


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply the schema migrations to the database (an empty one is copied from the schema
    cache when the same migrations were applied before)."""
    from pytest_aquadata.cache.schema import migrate_schema

    how = migrate_schema(_cache_root(args))
    print(f"migrated {redact(args.database or 'default database')} ({how})")
    return cmd_coverage(args)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print every domain table with its row count, per app."""
    from pytest_aquadata.coverage import audit, format_audit

    print(format_audit(audit(), per_table=args.tables))
    if args.columns:
        from pytest_aquadata.coverage import column_total, empty_columns, format_empty_columns

        print(format_empty_columns(empty_columns(), column_total()))
    return 0


def _wipe_domain_tables() -> None:
    """Delete every row of the domain tables (and their history) — inside the caller's
    transaction, so a failed rebuild restores them."""
    from django.core.management.color import no_style
    from django.db import connection

    from pytest_aquadata.coverage import domain_tables

    tables = [table for _app, _model, table, _kind in domain_tables()]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def cmd_saturate(args: argparse.Namespace) -> int:
    """Fill every table of a whole farm at a scale and print the coverage and summary."""
    from django.db import connection, transaction

    from pytest_aquadata import clock
    from pytest_aquadata.cache.schema import migrate_schema
    from pytest_aquadata.cache.snapshot import build_or_restore
    from pytest_aquadata.saturation import farm_data_present, saturate

    as_of = args.as_of or clock.as_of()
    clock.set_as_of(as_of)  # factories and builders of this process read the farm clock
    root = _cache_root(args)
    # Only a database that was empty is stored or restored whole (nothing else of it is lost).
    snapshot_root = None if connection.introspection.table_names() else root
    migrate_schema(root)
    if farm_data_present() and not (args.wipe or args.append):
        print(
            f"aquadata: {redact(args.database or 'the database')} already holds farm data; "
            "pass --wipe to replace it or --append to add another farm",
            file=sys.stderr,
        )
        return 2
    tag = f"{args.seed % 1000:03d}-" if args.append else ""
    if args.workers is None:
        from pytest_aquadata.workers import available_cores

        args.workers = available_cores()

    def progress(name: str, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds > 0 else 0.0
        print(f"  {name:<32} {rows:>12,} rows {seconds:>7.1f}s {rate:>10,.0f} rows/s", flush=True)

    def build() -> object:
        with transaction.atomic():
            if args.wipe:
                _wipe_domain_tables()
            return saturate(
                args.scale,
                seed=args.seed,
                readings_per_day=args.readings,
                as_of=as_of,
                progress=progress,
                tag=tag,
                workers=args.workers,
            )

    report = build_or_restore(
        snapshot_root,
        build,
        scale=args.scale,
        seed=args.seed,
        as_of=as_of,
        readings_per_day=args.readings,
    )
    if args.columns:
        report.audit_columns()
    print(report.summary(per_table=args.tables))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Run the domain invariants on the database; exit 1 when any is violated."""
    from pytest_aquadata.db_invariants import check_database

    failed = 0
    for name, problems in check_database().items():
        print(f"{'ok ' if not problems else 'FAIL'} {name}")
        for problem in problems[:20]:
            print(f"     {problem}")
        failed += bool(problems)
    return 1 if failed else 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write an HTML report with figures of the database's farm data to --out DIR."""
    try:
        from pytest_aquadata.report.html import write_report
    except ImportError as exc:  # matplotlib missing
        print(
            f"aquadata report needs the report extra (pip install 'pytest-aquadata[report]'): {exc}",
            file=sys.stderr,
        )
        return 2
    report = write_report(args.out, title=f"aquadata report: {redact(args.database or 'default')}")
    print(f"wrote {report.index} ({len(report.figures)} figures)")
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    """Show (list) or empty (clear) the schema and snapshot cache of the CLI."""
    from pytest_aquadata.cache.manage import clear_cache, list_cache

    lines = (
        list_cache(_cache_root(args)) if args.action == "list" else clear_cache(_cache_root(args))
    )
    print("\n".join(lines))
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (exit 2), not usage plus error."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: message; see prog --help`` on stderr and exit with status 2."""
        self.exit(2, f"{self.prog}: {message}; see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``aquadata`` command."""
    parser = _Parser(prog="aquadata", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", help="database URL (default: DATABASE_URL or SQLite file)")
    common.add_argument("--settings", help="Django settings module of a host project")
    common.add_argument("--tables", action="store_true", help="list every table, not only apps")
    common.add_argument(
        "--columns", action="store_true", help="also list the columns that hold no value"
    )
    common.add_argument(
        "--traceback", action="store_true", help="show the traceback of an unexpected failure"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    no_cache = argparse.ArgumentParser(add_help=False)
    no_cache.add_argument(
        "--no-cache", action="store_true", help="neither use nor fill the schema/snapshot cache"
    )
    sub.add_parser("migrate", parents=[common, no_cache], help=cmd_migrate.__doc__).set_defaults(
        func=cmd_migrate
    )
    sub.add_parser("coverage", parents=[common], help=cmd_coverage.__doc__).set_defaults(
        func=cmd_coverage, reads_only=True
    )
    sat = sub.add_parser("saturate", parents=[common, no_cache], help=cmd_saturate.__doc__)
    sat.add_argument("--scale", choices=tuple(SCALES), default=DEFAULT_SCALE)
    sat.add_argument("--seed", type=_seed, default=0, help="same seed, same rows (default 0)")
    sat.add_argument(
        "--readings",
        type=_readings,
        default=DEFAULT_READINGS_PER_DAY,
        help="readings per sensor per day",
    )
    sat.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        metavar="YYYY-MM-DD",
        help="the farm's today: active batches have data through it (default: today, UTC)",
    )
    sat.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="cores the build uses: N-1 processes simulate upcoming batches when N > 1 "
        "(default: the cores available; 1 = one thread); the rows are the same",
    )
    mode = sat.add_mutually_exclusive_group()
    mode.add_argument("--wipe", action="store_true", help="replace the farm data already there")
    mode.add_argument("--append", action="store_true", help="add another farm beside it")
    sat.set_defaults(func=cmd_saturate)
    sub.add_parser("validate", parents=[common], help=cmd_validate.__doc__).set_defaults(
        func=cmd_validate, reads_only=True
    )
    rep = sub.add_parser("report", parents=[common], help=cmd_report.__doc__)
    rep.add_argument("--out", required=True, help="folder for index.html and the PNG figures")
    rep.set_defaults(func=cmd_report, reads_only=True)
    cache = sub.add_parser("cache", help=cmd_cache.__doc__)
    cache.add_argument("action", choices=("list", "clear"), help="show or empty the cache")
    cache.set_defaults(func=cmd_cache, without_django=True)
    return parser


def _seed(raw: str) -> int:
    from pytest_aquadata.seeding import parse_seed

    try:
        return parse_seed(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _as_of(raw: str) -> dt.date:
    from pytest_aquadata.clock import parse_as_of

    try:
        return parse_as_of(raw, "--as-of")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _workers(raw: str) -> int:
    from pytest_aquadata.workers import parse_workers

    try:
        return parse_workers(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _readings(raw: str) -> int:
    from pytest_aquadata.seeding import parse_readings

    try:
        return parse_readings(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aquadata`` console script: every failure a user can cause ends as
    one line on stderr (exit 2 for usage, 1 at run time), never a traceback."""
    args = build_parser().parse_args(argv)

    def run() -> int:
        if not getattr(args, "without_django", False):
            _setup_django(args)
        return args.func(args)

    return run_guarded(
        run, secrets=lambda: _secrets(args), traceback=getattr(args, "traceback", False)
    )


if __name__ == "__main__":
    sys.exit(main())
