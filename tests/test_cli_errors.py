"""Every failure of the aquadata command a user can cause is one line on stderr naming the
problem and the fix, exit 2 for usage and 1 at run time, passwords hidden, never a traceback;
read-only commands create nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from pytest_aquadata.cli_errors import CliError, CliUsageError, run_guarded, scrub

AQUADATA = Path(sys.executable).with_name("aquadata")
SECRET = "s3cret"


def postgres_answers() -> bool:
    """Whether this machine's PostgreSQL server accepts a connection (trust auth)."""
    import psycopg

    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def aquadata(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would: no PYTHONPATH, no outer settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    return subprocess.run(
        [str(AQUADATA), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a failed run (asserting there is nothing else)."""
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert lines[0].startswith("aquadata")
    return lines[0]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with the whole schema and no rows."""
    folder = tmp_path_factory.mktemp("migrated")
    result = aquadata("migrate", "--database", "sqlite:///farm.sqlite3", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "farm.sqlite3"


def test_unreachable_server(tmp_path: Path) -> None:
    url = f"postgres://farm:{SECRET}@127.0.0.1:1/farm"
    line = one_line_error(aquadata("coverage", "--database", url, cwd=tmp_path), 1)
    assert "cannot connect to postgresql database 'farm' on 127.0.0.1:1" in line
    assert "check that the server is running" in line


@pytest.mark.skipif(not postgres_answers(), reason="needs PostgreSQL")
@pytest.mark.parametrize("command", ["coverage", "migrate"])
def test_missing_postgres_database(tmp_path: Path, command: str) -> None:
    name = f"aqd_missing_{uuid.uuid4().hex[:8]}"
    url = f"postgres://postgres:{SECRET}@127.0.0.1:5432/{name}"
    line = one_line_error(aquadata(command, "--database", url, cwd=tmp_path), 1)
    assert f"postgresql database '{name}' on 127.0.0.1:5432 does not exist" in line
    assert f"createdb -h 127.0.0.1 -p 5432 -U postgres {name}" in line


def test_unknown_url_scheme(tmp_path: Path) -> None:
    url = f"postgress://farm:{SECRET}@db.example/farm"
    line = one_line_error(aquadata("coverage", "--database", url, cwd=tmp_path), 2)
    assert "unknown database URL scheme 'postgress'" in line
    assert "postgress://farm:***@db.example/farm" in line
    assert "use sqlite:///" in line


def test_settings_module_not_importable(tmp_path: Path) -> None:
    line = one_line_error(aquadata("coverage", "--settings", "nosuch.settings", cwd=tmp_path), 2)
    assert "cannot import settings module 'nosuch.settings'" in line
    assert "PYTHONPATH" in line


def test_settings_module_in_the_current_folder_needs_no_pythonpath(tmp_path: Path) -> None:
    (tmp_path / "farmsettings.py").write_text(
        "from pytest_aquadata.settings import *\n"
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", '
        '"NAME": "from_farmsettings.sqlite3"}}\n'
    )
    line = one_line_error(aquadata("validate", "--settings", "farmsettings", cwd=tmp_path), 1)
    assert f"no database at {tmp_path / 'from_farmsettings.sqlite3'}" in line
    assert "aquadata migrate --settings farmsettings" in line


def test_settings_module_that_fails(tmp_path: Path) -> None:
    (tmp_path / "brokensettings.py").write_text('raise RuntimeError("no SECRET_KEY here")\n')
    result = aquadata("coverage", "--settings", "brokensettings", cwd=tmp_path)
    line = one_line_error(result, 1)
    assert "'brokensettings' failed to import: RuntimeError: no SECRET_KEY here" in line
    shown = aquadata("coverage", "--settings", "brokensettings", "--traceback", cwd=tmp_path)
    assert (
        "Traceback" in shown.stderr and 'raise RuntimeError("no SECRET_KEY here")' in shown.stderr
    )


@pytest.mark.parametrize("command", ["migrate", "coverage"])
def test_sqlite_path_under_a_file(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    url = f"sqlite:///{tmp_path}/notes.txt/farm.sqlite3"
    line = one_line_error(aquadata(command, "--database", url, cwd=tmp_path), 2)
    assert f"lies under {tmp_path / 'notes.txt'}, which is a file, not a folder" in line


@pytest.mark.parametrize(
    "command", [["coverage"], ["validate"], ["report", "--out", "report"]], ids=lambda c: c[0]
)
def test_read_only_commands_refuse_a_missing_sqlite_database(
    tmp_path: Path, command: list[str]
) -> None:
    url = "sqlite:///demo/aquadata.sqlite3"
    line = one_line_error(aquadata(*command, "--database", url, cwd=tmp_path), 1)
    assert f"no database at {tmp_path / 'demo' / 'aquadata.sqlite3'}" in line
    assert "neither it nor its folder exists" in line
    assert "aquadata migrate --database sqlite:///demo/aquadata.sqlite3" in line
    assert not (tmp_path / "demo").exists()
    assert not (tmp_path / "report").exists()


@pytest.mark.parametrize("command", ["coverage", "validate"])
def test_read_only_commands_refuse_a_database_without_the_schema(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "empty.sqlite3").touch()
    result = aquadata(command, "--database", "sqlite:///empty.sqlite3", cwd=tmp_path)
    line = one_line_error(result, 1)
    assert "SQLite database empty.sqlite3 has no aquadata tables" in line
    assert (tmp_path / "empty.sqlite3").stat().st_size == 0


def test_read_only_commands_accept_a_migrated_database(migrated: Path) -> None:
    result = aquadata("validate", "--database", f"sqlite:///{migrated}", cwd=migrated.parent)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_closed_pipe_ends_quietly(migrated: Path) -> None:
    """``aquadata coverage --tables | head -1``: the reader is gone before the table is written."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    proc = subprocess.Popen(
        [str(AQUADATA), "coverage", "--tables", "--database", f"sqlite:///{migrated}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) in (0, 141)
    assert err == b""


def test_bad_option_is_one_usage_line(tmp_path: Path) -> None:
    line = one_line_error(aquadata("saturate", "--scale", "huge", cwd=tmp_path), 2)
    assert "argument --scale: invalid choice: 'huge'" in line
    assert "see 'aquadata saturate --help'" in line


def test_run_guarded_turns_failures_into_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    def boom() -> int:
        raise ZeroDivisionError(f"division by zero near postgres://app:{SECRET}@db/farm")

    assert run_guarded(boom, secrets=lambda: [], traceback=False) == 1
    err = capsys.readouterr().err
    assert err.startswith("aquadata: internal error: ZeroDivisionError: division by zero")
    assert "rerun with --traceback" in err and SECRET not in err
    with pytest.raises(ZeroDivisionError):
        run_guarded(boom, secrets=lambda: [], traceback=True)


@pytest.mark.parametrize(("error", "code"), [(CliError, 1), (CliUsageError, 2)])
def test_run_guarded_exit_codes(
    capsys: pytest.CaptureFixture[str], error: type[CliError], code: int
) -> None:
    def fail() -> int:
        raise error(f"the password {SECRET} leaked", "do something")

    assert run_guarded(fail, secrets=lambda: [SECRET], traceback=False) == code
    assert capsys.readouterr().err == "aquadata: the password *** leaked; do something\n"


def test_scrub_hides_url_passwords_and_known_secrets() -> None:
    text = f"postgres://app:{SECRET}@db:5432/farm and postgresql://:{SECRET}@h/x and hunter2"
    assert scrub(text, ["hunter2"]) == (
        "postgres://app:***@db:5432/farm and postgresql://:***@h/x and ***"
    )
