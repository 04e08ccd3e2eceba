"""build_health: journal, scored samplings, lab samples, treatments, mortality records, lice."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rows_helpers import assert_foreign_keys, assert_history, model

from pytest_aquadata.factories.health import HealthParameterFactory
from pytest_aquadata.reference.health import lab_report_path
from pytest_aquadata.reference.mortality import MORTALITY_REASON_BY_CAUSE, REASON_PARENT
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.health import (
    LAB_SAMPLE_EVERY,
    SAMPLING_LEAD_DAYS,
    _lab_rows,
    _parameter_ids,
    build_health,
)
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

HEALTH_TABLES = (
    "health.JournalEntry",
    "health.HealthSamplingEvent",
    "health.IndividualFishObservation",
    "health.FishParameterScore",
    "health.HealthLabSample",
    "health.Treatment",
    "health.MortalityRecord",
    "health.LiceCount",
)


def _day(value: np.datetime64) -> dt.date:
    """A numpy date or moment as a date."""
    return np.datetime64(value, "D").item()


def _assignment_window(built, index: int) -> tuple[dt.date, dt.date]:
    """First and last day trajectory assignment ``index`` may carry rows."""
    a = built.traj.assignments
    end = a.end_date[index]
    last = built.traj.end_date if np.isnat(end) else _day(end)
    return _day(a.start_date[index]), last


def test_row_counts_follow_the_trajectory(build, harvested) -> None:
    built = build(harvested, build_health)
    traj = built.traj
    fish = len(traj.health_fish)
    assert model("health.JournalEntry").objects.count() == len(traj.journal)
    assert model("health.HealthSamplingEvent").objects.count() == len(traj.health_samplings)
    assert model("health.IndividualFishObservation").objects.count() == fish
    scores = model("health.FishParameterScore").objects
    assert scores.count() == fish * len(params.HEALTH_PARAMETERS)
    lice = model("health.LiceCount").objects
    assert lice.count() == len(traj.lice_counts) * len(params.LICE_TYPES) > 0
    assert model("health.Treatment").objects.count() == len(traj.treatments)
    labs = model("health.HealthLabSample").objects.count()
    assert labs == len(_lab_rows(traj))
    assert 0 < labs <= len(traj.health_samplings) // LAB_SAMPLE_EVERY
    records = model("health.MortalityRecord").objects
    assert sum(records.values_list("count", flat=True)) == traj.mortality.count.sum()
    assert records.count() < len(traj.mortality)


def test_foreign_keys_and_history(build, harvested) -> None:
    built = build(harvested, build_health)
    assert_foreign_keys(*HEALTH_TABLES)
    assert_history(built, *(t for t in HEALTH_TABLES if t != "health.Treatment"))
    # a treatment has its '+' row, and one '~' row when its outcome was judged later
    treatments = model("health.Treatment")
    judged = treatments.objects.exclude(treatment_type="vaccination").exclude(outcome="pending")
    assert judged.exists()
    history = treatments.history.model._meta.db_table
    written = built.ctx.rows[treatments._meta.db_table]
    assert built.ctx.rows[history] == written + judged.count()
    assert treatments.history.filter(history_type="~").count() == judged.count()


def test_sample_rows_pass_full_clean(build, harvested) -> None:
    build(harvested, build_health)
    for label in HEALTH_TABLES:
        rows = model(label).objects.order_by("pk")
        for row in [rows.first(), rows.last()]:
            row.full_clean()


def test_sampling_aggregates_equal_what_the_orm_computes(build, harvested) -> None:
    build(harvested, build_health)
    for event in model("health.HealthSamplingEvent").objects.order_by("pk")[:6]:
        stored = {
            f: getattr(event, f)
            for f in (
                "avg_weight_g",
                "std_dev_weight_g",
                "min_weight_g",
                "max_weight_g",
                "avg_length_cm",
                "std_dev_length_cm",
                "min_length_cm",
                "max_length_cm",
                "avg_k_factor",
                "calculated_sample_size",
            )
        }
        event.calculate_aggregate_metrics(save=False)
        assert stored == {f: getattr(event, f) for f in stored}


def test_scores_use_the_nine_parameters_with_definitions(build, harvested) -> None:
    HealthParameterFactory(name=params.HEALTH_PARAMETERS[0], score_definitions=False)
    build(harvested, build_health)
    parameters = model("health.HealthParameter").objects.filter(name__in=params.HEALTH_PARAMETERS)
    assert parameters.count() == len(params.HEALTH_PARAMETERS)
    for parameter in parameters:
        values = sorted(parameter.score_definitions.values_list("score_value", flat=True))
        assert values == [0, 1, 2, 3], parameter.name
        assert parameter.fish_scores.count() == len(harvested.health_fish)
    scores = np.array(model("health.FishParameterScore").objects.values_list("score", flat=True))
    assert scores.min() >= 0 and scores.max() <= 3
    assert np.bincount(scores, minlength=4)[0] > np.bincount(scores, minlength=4)[3]


def test_rows_lie_inside_their_assignments(build, harvested) -> None:
    built = build(harvested, build_health)
    index = {int(pk): i for i, pk in enumerate(built.rows.assignment_ids)}
    checks = (
        ("health.HealthSamplingEvent", "assignment_id", ("sampling_date",)),
        (
            "health.HealthLabSample",
            "batch_container_assignment_id",
            ("sample_date", "date_sent_to_lab", "date_results_received"),
        ),
        ("health.Treatment", "batch_assignment_id", ("treatment_date",)),
        ("health.MortalityRecord", "assignment_id", ("event_date",)),
        ("health.LiceCount", "assignment_id", ("count_date",)),
    )
    for label, key, fields in checks:
        for row in model(label).objects.values(key, *fields):
            first, last = _assignment_window(built, index[row[key]])
            for field in fields:
                value = row[field]
                day = value.date() if isinstance(value, dt.datetime) else value
                assert first <= day <= last, (label, field, day, first, last)


def test_lab_samples_are_dated_in_order_with_results(build, harvested) -> None:
    build(harvested, build_health)
    samples = model("health.HealthLabSample").objects.select_related("sample_type")
    for sample in samples:
        assert sample.sample_date < sample.date_sent_to_lab < sample.date_results_received
        assert sample.lab_reference_id and sample.findings_summary
        assert isinstance(sample.quantitative_results, dict) and sample.quantitative_results
        assert sample.sample_type.description
    filed = [s for s in samples if s.attachment]
    assert len(samples) // 2 < len(filed) <= len(samples)  # most returned reports are filed
    for s in filed:
        assert s.attachment.name == lab_report_path(s.sample_date.year, s.lab_reference_id)


def test_lab_results_still_at_the_lab_are_pending(build, active) -> None:
    built = build(active, build_health)
    last = built.traj.end_date
    samples = model("health.HealthLabSample").objects.all()
    pending = [s for s in samples if s.date_results_received is None]
    assert pending, "a sample sent in the last days of an active batch awaits its results"
    for s in pending:
        assert s.date_sent_to_lab <= last
        assert not s.attachment and s.findings_summary is None and s.quantitative_results is None
    for s in samples:
        if s.date_results_received is not None:
            assert s.date_results_received <= last


def test_treatments_link_the_sampling_they_followed(build, harvested) -> None:
    build(harvested, build_health)
    treatments = model("health.Treatment").objects.select_related("sampling_event__assignment")
    linked = [t for t in treatments if t.sampling_event_id is not None]
    assert 0 < len(linked) < len(treatments)
    events = model("health.HealthSamplingEvent").objects.select_related("assignment")
    for t in treatments:
        day = t.treatment_date.date()
        before = [
            e
            for e in events
            if e.assignment.container_id == t.container_id
            and 0 <= (day - e.sampling_date).days <= SAMPLING_LEAD_DAYS
        ]
        if t.sampling_event_id is None:
            assert not before
            assert not t.includes_weighing
        else:
            assert t.sampling_event.sampling_date == max(e.sampling_date for e in before)
            assert t.includes_weighing == (t.sampling_event.sampling_date == day)


def test_mortality_records_name_diagnoses_under_their_group(build, harvested) -> None:
    build(harvested, build_health)
    records = model("health.MortalityRecord").objects.select_related("reason__parent")
    diagnosed = [r for r in records if r.reason.parent_id is not None]
    assert diagnosed and len(diagnosed) < records.count()
    for r in diagnosed:
        assert REASON_PARENT[r.reason.name] == r.reason.parent.name
    names = {r.reason.name for r in diagnosed}
    assert "Thermal delousing" in names  # losses in the week of a warm-water delousing
    assert "Crowding and transfer" in names
    unknown = records.filter(reason__name=MORTALITY_REASON_BY_CAUSE["UNKNOWN"])
    assert unknown.exists()


def test_treatments_vaccines_and_withholding(build, harvested) -> None:
    build(harvested, build_health)
    treatments = model("health.Treatment").objects.select_related("vaccination_type")
    vaccinations = treatments.filter(treatment_type="vaccination")
    assert vaccinations.count() == len(harvested.vaccinations) > 0
    assert all(t.vaccination_type.name == params.VACCINE.name for t in vaccinations)
    assert all(
        t.vaccination_type_id is None for t in treatments.exclude(treatment_type="vaccination")
    )
    assert all(t.journal_entry_id is not None for t in treatments)
    harvest_day = _day(harvested.harvests.at.min())
    for t in treatments.filter(withholding_period_days__gt=0):
        assert t.withholding_end_date is not None
        assert t.withholding_end_date < harvest_day
    types = set(treatments.values_list("treatment_type", flat=True))
    assert types <= set(params.TREATMENT_TYPES)


def test_lice_counts_are_normalised_per_type(build, harvested) -> None:
    build(harvested, build_health)
    counts = model("health.LiceCount").objects
    assert not counts.exclude(adult_female_count=0, adult_male_count=0, juvenile_count=0).exists()
    assert not counts.filter(lice_type__isnull=True).exists()
    adult_female = counts.filter(lice_type__gender="female", lice_type__development_stage="adult")
    total = sum(adult_female.values_list("count_value", flat=True))
    assert total == harvested.lice_counts.counts[:, 0].sum()
    row = counts.first()
    assert row.detection_method == "manual" and float(row.confidence_level) == 0.95
    assert row.average_per_fish == row.count_value / row.fish_sampled


def test_journal_and_mortality_reasons(build, harvested) -> None:
    built = build(harvested, build_health)
    journal = model("health.JournalEntry").objects
    batch_level = int((harvested.journal.assignment < 0).sum())
    assert journal.filter(container__isnull=True).count() == batch_level
    assert set(journal.values_list("category", flat=True)) <= set(params.JOURNAL_CATEGORIES)
    records = model("health.MortalityRecord").objects.select_related("reason__parent")
    assert all(r.batch_id == built.rows.batch_id for r in records)
    by_group = {}
    for r in records:
        group = r.reason.parent or r.reason
        by_group[group.name] = by_group.get(group.name, 0) + r.count
    m = harvested.mortality
    for cause, group in MORTALITY_REASON_BY_CAUSE.items():
        assert by_group.get(group, 0) == m.count[m.cause == cause].sum(), cause


def test_active_batch_has_no_lice_rows(build, active) -> None:
    build(active, build_health)
    assert model("health.LiceCount").objects.count() == len(active.lice_counts) == 0
    assert model("health.HealthSamplingEvent").objects.count() == len(active.health_samplings)
    assert_foreign_keys(*HEALTH_TABLES)


@pytest.mark.django_db
def test_health_parameters_are_made_sure_of_once_per_build(django_assert_num_queries) -> None:
    """Every batch's samplings need the parameters and their score definitions: the first asks
    the database (and writes what is missing), the later ones ask nothing."""
    ctx = BuildContext(seed=1)
    first = _parameter_ids(ctx)
    with django_assert_num_queries(0):
        again = _parameter_ids(ctx)
    assert again.tolist() == first.tolist() and len(first) == len(params.HEALTH_PARAMETERS)
    definitions = model("health.ParameterScoreDefinition").objects.filter(parameter_id__in=first)
    assert definitions.count() == len(first) * len(params.HEALTH_SCORE_PROBABILITIES)
    assert _parameter_ids(BuildContext(seed=1)).tolist() == first.tolist()  # a new build asks
