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
