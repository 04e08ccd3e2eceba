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
