"""The aquadata command's helpers that need no database."""

from __future__ import annotations

import pytest

from pytest_aquadata.cli import build_parser, redact


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://app:s3cret@db.example:5432/farm", "postgres://app:***@db.example:5432/farm"),
        ("postgres://:s3cret@localhost/farm", "postgres://***@localhost/farm"),
        ("postgres://postgres@127.0.0.1:5432/test", "postgres://postgres@127.0.0.1:5432/test"),
        ("sqlite:///demo/aquadata.sqlite3", "sqlite:///demo/aquadata.sqlite3"),
    ],
)
def test_redact_never_shows_a_password(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert "s3cret" not in redact(url)


def test_parser_requires_a_command() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([])


@pytest.mark.django_db
def test_saturate_refuses_a_database_with_farm_data(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import django.core.management

    from pytest_aquadata.cli import cmd_saturate
    from pytest_aquadata.factories import factory_for

    monkeypatch.setattr(django.core.management, "call_command", lambda *a, **k: None)
    factory_for("infrastructure.Container")()
    args = build_parser().parse_args(
        ["saturate", "--database", "postgres://farm:s3cret@db.example/farm"]
    )
    assert cmd_saturate(args) == 2
    err = capsys.readouterr().err
    assert "already holds farm data" in err and "--wipe" in err and "--append" in err
    assert "s3cret" not in err


@pytest.mark.django_db
def test_coverage_columns_lists_the_empty_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from django.apps import apps

    from pytest_aquadata.cli import cmd_coverage

    apps.get_model("infrastructure.Geography").objects.create(name="Scotland")
    assert cmd_coverage(build_parser().parse_args(["coverage", "--columns"])) == 0
    out = capsys.readouterr().out
    assert "batch_batch: " in out  # no batch: every column of it listed
    geography = next(line for line in out.splitlines() if line.startswith("infrastructure_geo"))
    assert "name" not in geography.split(": ")[1].split(", ")
    # a geography and its '+' history row: a handful of columns of 2,345
    filled = int(out.split("columns: ")[1].split(" of 2,345 hold a value")[0])
    assert 4 <= filled <= 20
