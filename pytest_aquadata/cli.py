"""The ``aquadata`` command: migrate and audit a development database."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def redact(url: str) -> str:
    """The URL with any password replaced, safe to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else f"***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def _ensure_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite file URL so a first run needs no mkdir."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite" and parts.path not in ("", "/", "/:memory:"):
        Path(parts.path[1:] if parts.netloc == "" else parts.path).parent.mkdir(
            parents=True, exist_ok=True
        )


def _setup_django(args: argparse.Namespace) -> None:
    if args.database:
        os.environ["DATABASE_URL"] = args.database
        _ensure_sqlite_folder(args.database)
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings or "pytest_aquadata.settings"
    import django

    django.setup()


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply the schema migrations to the database."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated {redact(args.database or 'default database')}")
    return cmd_coverage(args)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print every domain table with its row count, per app."""
    from pytest_aquadata.coverage import audit, format_audit

    print(format_audit(audit(), per_table=args.tables))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``aquadata`` command."""
    parser = argparse.ArgumentParser(prog="aquadata", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", help="database URL (default: DATABASE_URL or SQLite file)")
    common.add_argument("--settings", help="Django settings module of a host project")
    common.add_argument("--tables", action="store_true", help="list every table, not only apps")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", parents=[common], help=cmd_migrate.__doc__).set_defaults(
        func=cmd_migrate
    )
    sub.add_parser("coverage", parents=[common], help=cmd_coverage.__doc__).set_defaults(
        func=cmd_coverage
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aquadata`` console script."""
    args = build_parser().parse_args(argv)
    _setup_django(args)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
