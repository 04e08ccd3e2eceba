"""The ``aquadata`` command's user errors: checks of the settings and the database before a
command runs, and the one place that turns any failure into one line on stderr.

A user error (bad option, unknown URL scheme, settings not importable, server down, database
missing) is one line naming the problem and what to do — never a traceback; passwords never
appear. Exit status 2 for usage errors, 1 for runtime errors.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

USAGE = 2
RUNTIME = 1
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell tool killed by a closed pipe returns
INTERRUPTED = 130


class CliError(Exception):
    """A runtime user error (exit 1): ``problem`` and what to do about it, printed as one line."""

    exit_code = RUNTIME

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(f"{problem}; {fix}" if fix else problem)


class CliUsageError(CliError):
    """A usage error (exit 2): the command line names something that cannot work."""

    exit_code = USAGE


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


_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@", re.IGNORECASE)


def scrub(message: str, secrets: Iterable[str] = ()) -> str:
    """``message`` with the password of any URL in it, and every known secret, replaced."""
    message = _URL_PASSWORD.sub(r"\1***@", message)
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message


def url_password(url: str | None) -> str:
    """The password a database URL carries ('' when none or unparsable)."""
    if not url:
        return ""
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's message (its type name if it has none)."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__


def check_database_url(url: str, source: str = "--database") -> None:
    """Refuse a database URL whose scheme no backend handles (before Django reads it)."""
    import dj_database_url

    try:
        dj_database_url.parse(url)
    except (dj_database_url.UnknownSchemeError, ValueError) as exc:
        scheme = urlsplit(url).scheme if "://" in url else ""
        problem = (
            f"unknown database URL scheme '{scheme}' in {source} {redact(url)}"
            if scheme
            else f"{source} {redact(url)} is not a database URL ({first_line(exc)})"
        )
        raise CliUsageError(
            problem, "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        ) from None


def import_settings(module: str) -> None:
    """Import a host project's settings module, from the current folder too (as
    ``manage.py`` and ``python -m`` do), or explain in one line why it cannot be imported."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(f"{exc.name}.")):
            raise CliUsageError(
                f"cannot import settings module '{module}' (no module named '{exc.name}')",
                "run aquadata in the folder that holds it or add that folder to PYTHONPATH",
            ) from None
        raise CliError(
            f"settings module '{module}' failed to import: {first_line(exc)}",
            "install what it needs or fix the settings",
        ) from None
    except Exception as exc:
        raise CliError(
            f"settings module '{module}' failed to import: {type(exc).__name__}: {first_line(exc)}",
            "fix the settings (--traceback shows where)",
        ) from exc


def describe(settings: dict[str, Any]) -> str:
    """A database as a user named it, without its password."""
    if "sqlite" in settings.get("ENGINE", ""):
        return f"SQLite database {settings.get('NAME')}"
    vendor = settings.get("ENGINE", "").rpartition(".")[2] or "database"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{vendor} database '{settings.get('NAME')}' on {host}{port}"


def _is_memory(name: str) -> bool:
    return name in ("", ":memory:") or name.startswith("file:") and "memory" in name


def check_sqlite_path(name: str, create: bool, migrate: str = "aquadata migrate") -> None:
    """Make sure a SQLite file can be what a command needs: an existing database for a
    read-only command (nothing is created), or a path whose folder can be made for a writer.
    ``migrate`` is the command line that would create the database, shown as the fix."""
    if _is_memory(name):
        return
    path = Path(name).expanduser().absolute()
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CliUsageError(
                    f"SQLite path {path} lies under {parent}, which is a file, not a folder",
                    "choose a path in a folder",
                )
            break
    if path.is_dir():
        raise CliUsageError(
            f"SQLite path {path} is a folder",
            "name a file in it, e.g. sqlite:///folder/farm.sqlite3",
        )
    if path.exists():
        return
    if not create:
        missing = (
            "the file does not exist"
            if path.parent.is_dir()
            else "neither it nor its folder exists"
        )
        raise CliError(
            f"no database at {path} ({missing})",
            f"check the path, or create it with: {migrate}",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(
            f"cannot create the folder of SQLite database {path}: {exc.strerror}",
            "choose a path in a folder you can write",
        ) from None


def check_connection(connection: Any) -> None:
    """Connect once, turning a refused, unknown or missing database into a one-line error."""
    from django.db import DatabaseError

    settings = connection.settings_dict
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        message = first_line(exc)
        name = settings.get("NAME")
        if connection.vendor == "postgresql" and f'database "{name}" does not exist' in message:
            host = settings.get("HOST") or "localhost"
            port = settings.get("PORT") or 5432
            user = f" -U {settings['USER']}" if settings.get("USER") else ""
            raise CliError(
                f"{describe(settings)} does not exist",
                f"create it (createdb -h {host} -p {port}{user} {name}) or name another with "
                "--database",
            ) from None
        raise CliError(
            f"cannot connect to {describe(settings)}: {message.removeprefix('connection failed: ')}",
            "check that the server is running and that --database (or DATABASE_URL) names it",
        ) from None


def check_schema(connection: Any, migrate: str = "aquadata migrate") -> None:
    """Refuse a database without the domain tables (a read-only command would find nothing);
    ``migrate`` is the command line that would create them, shown as the fix."""
    from pytest_aquadata.coverage import domain_tables

    expected = [table for _app, _model, table, _kind in domain_tables()]
    existing = set(connection.introspection.table_names())
    missing = [table for table in expected if table not in existing]
    if not missing:
        return
    what = (
        "has no aquadata tables"
        if len(missing) == len(expected)
        else f"lacks {len(missing)} of the {len(expected)} aquadata tables (e.g. {missing[0]})"
    )
    raise CliError(
        f"{describe(connection.settings_dict)} {what}",
        f"create them first with: {migrate}",
    )


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush into a closed pipe is silent."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def run_guarded(
    command: Callable[[], int], secrets: Callable[[], Iterable[str]], traceback: bool
) -> int:
    """Run a command; print any user error, broken pipe or unexpected failure as one line on
    stderr and return its exit status (``traceback=True`` re-raises unexpected failures)."""
    try:
        code = command()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except CliError as exc:
        if traceback and exc.__cause__ is not None:
            raise
        return _fail(str(exc), exc.exit_code, secrets)
    except KeyboardInterrupt:
        return _fail("interrupted", INTERRUPTED, secrets)
    except Exception as exc:
        if traceback:
            raise
        from django.core.exceptions import ImproperlyConfigured
        from django.db import DatabaseError

        if isinstance(exc, ImproperlyConfigured):
            message = f"the Django settings are not usable: {first_line(exc)}; fix the settings"
        elif isinstance(exc, DatabaseError):
            message = (
                f"database error: {first_line(exc)}; check the database "
                "(is its schema up to date? aquadata migrate)"
            )
        elif isinstance(exc, OSError) and exc.strerror:
            where = f": {exc.filename}" if exc.filename else ""
            message = f"{exc.strerror}{where}; check the path and its permissions"
        else:
            message = (
                f"internal error: {type(exc).__name__}: {first_line(exc)}; rerun with "
                "--traceback and report it"
            )
        return _fail(message, RUNTIME, secrets)


def _fail(message: str, code: int, secrets: Callable[[], Iterable[str]]) -> int:
    try:
        known = list(secrets())
    except Exception:
        known = []
    print(f"aquadata: {scrub(message, known)}", file=sys.stderr)
    return code
