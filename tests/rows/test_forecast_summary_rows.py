"""Forecast summaries: the first projected harvest date and how far the forecast moved since."""

from __future__ import annotations

import pytest
from rows_helpers import model

from pytest_aquadata.rows.scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_pens_keep_their_first_harvest_forecast(build, at_sea) -> None:
    build(at_sea, build_scenario)
    summaries = list(model("batch.ContainerForecastSummary").objects.select_related("assignment"))
    assert len(summaries) > 1
    variances = []
    for summary in summaries:
        assert summary.original_harvest_date is not None
        moved = (summary.projected_harvest_date - summary.original_harvest_date).days
        assert summary.harvest_variance_days == moved
        # the first forecast was made when the fish entered the pen, after their assignment began
        assert summary.original_harvest_date > summary.assignment.assignment_date
        variances.append(moved)
    # a few days' to weeks' drift over the pens' first weeks at sea, not months
    assert max(abs(v) for v in variances) <= 60


def test_no_harvest_forecast_no_variance(build, active) -> None:
    build(active, build_scenario)  # freshwater tanks: a transfer is projected, no harvest
    summaries = model("batch.ContainerForecastSummary").objects
    assert summaries.exists()
    assert not summaries.filter(projected_harvest_date__isnull=False).exists()
    assert not summaries.filter(original_harvest_date__isnull=False).exists()
    assert not summaries.filter(harvest_variance_days__isnull=False).exists()
