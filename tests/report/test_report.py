"""The report: every figure file exists and carries the data series it should."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")

from django.apps import apps  # noqa: E402
from django.db import transaction  # noqa: E402

from pytest_aquadata.cli import build_parser, cmd_report  # noqa: E402
from pytest_aquadata.coverage import audit  # noqa: E402
from pytest_aquadata.report import write_report  # noqa: E402
from pytest_aquadata.rows.run import build_batch  # noqa: E402
from pytest_aquadata.sim import BatchSpec  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def built(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, int]]]:
    """A small harvested Scotland batch, its report and counts from the database; rolled back."""
    spec = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))
    with django_db_blocker.unblock(), transaction.atomic():
        build_batch(spec, seed=1, readings_per_day=1)
        rep = write_report(tmp_path_factory.mktemp("report"), title="test report")
        State = apps.get_model("batch", "ActualDailyAssignmentState")
        counts = {"days": State.objects.values("date").distinct().count(), "tables": len(audit())}
        yield rep, counts
        transaction.set_rollback(True)


@pytest.fixture
def report(built: tuple[Any, dict[str, int]]) -> Any:
    """The report of the module's batch."""
    return built[0]


def test_files_exist_and_page_is_self_contained(report: Any) -> None:
    names = {"growth", "sea_temperature", "survival", "economic_fcr", "lice", "feed_stock",
             "harvest", "coverage"}
    assert set(report.figures) == names
    for result in report.figures.values():
        assert result.path.read_bytes().startswith(PNG)
    page = report.index.read_text()
    assert page.count("data:image/png;base64,") == len(names)
    assert "<img" in page and 'src="http' not in page and ".png\"" not in page


def test_growth_follows_the_daily_states_inside_the_tgc_band(
    report: Any, built: tuple[Any, dict[str, int]]
) -> None:
    (growth,) = report.figures["growth"].series.values()
    days = built[1]["days"]
    assert len(growth["dates"]) == len(growth["avg_weight_g"]) == days
    assert len(growth["tgc_low_g"]) == len(growth["tgc_high_g"]) == days
    assert max(growth["avg_weight_g"]) > 1000  # grown to harvest size
    assert set(growth["tgc_ranges"]) >= {"Fry", "Adult"}
    low, high = growth["tgc_ranges"]["Adult"]
    assert 2.0 < low < high < 4.0
    inside = [
        lo * 0.99 <= w <= hi * 1.01
        for w, lo, hi in zip(
            growth["avg_weight_g"], growth["tgc_low_g"], growth["tgc_high_g"], strict=True
        )
        if w == w and lo == lo
    ]
    assert sum(inside) >= 0.95 * len(inside)


def test_temperature_months_and_reference(report: Any) -> None:
    temps = report.figures["sea_temperature"].series
    assert set(temps) == {"Scotland"}
    assert temps["Scotland"]["months"] == list(range(1, 13))
    assert len(temps["Scotland"]["reference"]) == 12
    observed = [t for t in temps["Scotland"]["observed"] if t == t]
    assert observed and all(3 < t < 18 for t in observed)


def test_survival_falls_from_one(report: Any) -> None:
    (surv,) = report.figures["survival"].series.values()
    assert surv["survival"][0] <= 1.0
    assert all(a >= b for a, b in zip(surv["survival"], surv["survival"][1:], strict=False))
    assert 0.5 < surv["survival"][-1] < 1.0


def test_fcr_lice_feed_stock(report: Any) -> None:
    (efcr,) = report.figures["economic_fcr"].series["efcr"].values()
    assert 0.8 < efcr < 2.0
    lice = report.figures["lice"].series["Scotland"]
    assert lice["per_fish"] and len(lice["limit"]) == len(lice["dates"])
    assert set(lice["limit"]) <= {0.5, 1.0}
    stock = report.figures["feed_stock"].series
    assert stock["dates"] and "Barge" in stock["name"]
    assert min(stock["stock_kg"]) > -1.0  # never below empty
    assert stock["stock_kg"][-1] == pytest.approx(stock["final_kg"], abs=5.0)


def test_harvest_shares_and_coverage_bars(report: Any, built: tuple[Any, dict[str, int]]) -> None:
    harvest = report.figures["harvest"].series
    assert sum(harvest["grade_share"].values()) == pytest.approx(1.0)
    assert "SUPERIOR" in harvest["grade_share"]
    assert sum(harvest["size_class"].values()) == sum(harvest["grade"].values())
    cover = report.figures["coverage"].series
    assert len(cover["tables"]) == len(cover["rows"]) == built[1]["tables"]


def test_cli_report_subcommand(db: None, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`aquadata report --out DIR` writes all eight figures, empty ones saying so."""
    args = build_parser().parse_args(["report", "--out", str(tmp_path / "rep")])
    assert args.func is cmd_report
    args.database = "postgres://farm:s3cret@db.example/farm"  # only printed, never connected
    assert cmd_report(args) == 0
    assert "8 figures" in capsys.readouterr().out
    page = (tmp_path / "rep" / "index.html").read_text()
    assert page.count("data:image/png;base64,") == 8
    assert "s3cret" not in page and "farm:***@db.example" in page
