"""Health builder: journal, scored health samplings, lab samples, treatments, health-side
mortality records and sea-lice counts of one simulated batch, one ``ctx.emit`` per table.

Lookup rows (health parameters with their score definitions, sample types, vaccines, mortality
reasons, lice types) come from ``ctx.lookup`` (written by ``rows.lookups``). Derived columns the
reference computes in model code (sampling aggregates and mean K) are computed here from the
fish rows exactly as stored, because bulk loads bypass ``save()``.
"""

from __future__ import annotations

import zlib

import numpy as np

from pytest_aquadata.reference.health import (
    FISH_HEALTH_LABS,
    LAB_REPORT_FILED_SHARE,
    SAMPLE_TYPES,
    lab_report_path,
)
from pytest_aquadata.reference.mortality import (
    ENVIRONMENTAL_DIAGNOSES_SUMMER,
    FRESHWATER_DIAGNOSIS,
    HANDLING_DIAGNOSIS_BY_TREATMENT,
    MORTALITY_REASON_BY_CAUSE,
    OTHER_DIAGNOSES,
    OUTBREAK_SHARE,
    PREDATORS,
    SEA_DIAGNOSES,
    SUMMER_MONTHS,
    TRANSFER_DIAGNOSIS,
    WINTER_ULCER_MONTHS,
)
from pytest_aquadata.rows.common import (
    assignment_last_day,
    days_of,
    half_up,
    instances,
    minutes_of,
    nullable_ids,
    rng_for,
    staff_user_id,
)
from pytest_aquadata.rows.context import BatchRows, BuildContext, Change, Site, Story, utc
from pytest_aquadata.rows.lookups import get_or_create
from pytest_aquadata.sim import Trajectory, params

LAB_SAMPLE_EVERY = 3
"""One lab sample per this many health samplings (choice: a vet sends material to the lab for
roughly every third monthly sampling)."""

LAB_SEND_DAYS = 1
LAB_TURNAROUND_DAYS = (3, 10)
"""Samples go to the lab the next day; results come back 3–10 days later (choice, as the
HealthLabSample factory)."""

LAB_SAMPLE_TYPES: tuple[tuple[str, ...], ...] = (
    ("Water sample",),
    ("Skin mucus",),
    ("Kidney tissue", "Skin mucus"),
    ("Blood", "Kidney tissue"),
    ("Blood", "Gill swab"),
    ("Gill swab", "Heart tissue", "Skin mucus"),
)
"""Lab sample types taken per stage code, in turn (choice: seawater-challenge blood samples of
smolts, gill swabs and heart tissue at sea, ``reference.health.SAMPLE_TYPES``)."""

DISEASE_LOOKBACK_DAYS = 14
DISEASE_POSITIVE_SHARE = 0.005
"""A lab sample is positive when disease deaths in the 14 days before it reach 0.5 % of the
container (choice: well above background disease losses, ~0.2 % in 14 days at sea)."""

MORTALITY_RECORD_MINUTE = 16 * 60
"""Weekly health-side mortality tallies are logged at 16:00 on the last day with deaths."""

_MONDAY = np.datetime64("1970-01-05", "D")

RESOLUTION_NOTES = {
    "observation": "Noted; no action needed.",
    "issue": "Followed up; situation back to normal.",
    "action": "Completed as planned.",
    "diagnosis": "Diagnosis confirmed and followed up.",
    "treatment": "Treatment completed; follow-up count scheduled.",
    "vaccination": "Vaccination completed; fish feeding again next day.",
    "sample": "Samples scored and filed in the health log.",
}
"""resolution_notes of resolved journal entries by category (choice)."""


def build_health(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Write journal, samplings, lab samples, treatments, mortality records and lice counts."""
    user = staff_user_id(ctx, traj, rows)
    journal_ids = _journal(traj, ctx, rows, user)
    event_ids = _samplings(traj, ctx, rows, user)
    _lab_samples(traj, ctx, rows, user)
    rows.extra["treatment_ids"] = _treatments(traj, ctx, rows, user, journal_ids, event_ids)
    _mortality_records(traj, ctx, rows)
    _lice_counts(traj, ctx, rows, user)
    rows.extra["journal_entry_ids"] = journal_ids
    rows.extra["health_sampling_event_ids"] = event_ids


# ---------------------------------------------------------------------------------------------
# Journal.
# ---------------------------------------------------------------------------------------------


def _journal(traj: Trajectory, ctx: BuildContext, rows: BatchRows, user: int) -> np.ndarray:
    """JournalEntry rows; batch-level entries (assignment −1) have no container."""
    j = traj.journal
    notes = np.array([RESOLUTION_NOTES.get(str(c), "Resolved.") for c in j.category], dtype=object)
    return ctx.emit(
        "health.JournalEntry",
        {
            "batch_id": rows.batch_id,
            "container_id": nullable_ids(rows.container_ids, j.assignment),
            "user_id": user,
            "entry_date": utc(j.at),
            "category": j.category,
            "severity": j.severity,
            "description": j.description,
            "resolution_status": j.resolved,
            "resolution_notes": np.where(j.resolved, notes, ""),
        },
    )


# ---------------------------------------------------------------------------------------------
# Health samplings: events, fish, scores.
# ---------------------------------------------------------------------------------------------


def _parameter_ids(ctx: BuildContext) -> np.ndarray:
    """HealthParameter ids in params.HEALTH_PARAMETERS order, each with score definitions 0–3
    (made sure of once per build)."""
    if "health parameter ids" in ctx.known:
        return ctx.known["health parameter ids"]
    ids = np.array(
        [ctx.lookup("health.HealthParameter", name=name) for name in params.HEALTH_PARAMETERS],
        dtype=np.int64,
    )
    scores = range(len(params.HEALTH_SCORE_PROBABILITIES))
    definitions = ctx.model("health.ParameterScoreDefinition")._default_manager.using(ctx.using)
    have = set(
        definitions.filter(parameter_id__in=ids.tolist()).values_list("parameter_id", "score_value")
    )
    missing = [(int(p), s) for p in ids for s in scores if (int(p), s) not in have]
    if missing:
        parameters = instances(ctx, "health.HealthParameter", [p for p, _ in missing])
        for parameter, score in missing:
            get_or_create(
                ctx.using,
                "health.ParameterScoreDefinition",
                parameter=parameters[parameter],
                score_value=score,
            )
    ids.flags.writeable = False  # shared by every later batch of the build
    ctx.known["health parameter ids"] = ids
    return ids


def _aggregates(traj: Trajectory) -> dict[str, np.ndarray]:
    """Per-event weight/length stats and mean K of the stored fish, rounded as the ORM would."""
    hs, fish = traj.health_samplings, traj.health_fish
    m = len(hs)
    sample = fish.sample
    n = np.bincount(sample, minlength=m)
    out: dict[str, np.ndarray] = {"n": n}
    for key, values in (("weight", fish.weight_g), ("length", fish.length_cm)):
        cents = np.rint(np.asarray(values) * 100.0).astype(np.int64)
        total = np.bincount(sample, weights=cents, minlength=m).astype(np.int64)
        squares = np.bincount(sample, weights=cents.astype(float) ** 2, minlength=m)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(n > 0, (2 * total + n) // np.maximum(2 * n, 1), 0) / 100.0
            variance = (n * squares - total.astype(float) ** 2) / (n * (n - 1.0))
            std = np.where(n > 1, np.floor(np.sqrt(np.maximum(variance, 0.0)) + 0.5), np.nan)
        low = np.full(m, np.iinfo(np.int64).max)
        high = np.full(m, np.iinfo(np.int64).min)
        np.minimum.at(low, sample, cents)
        np.maximum.at(high, sample, cents)
        out[f"{key}_mean"] = np.where(n > 0, mean, np.nan)
        out[f"{key}_std"] = std / 100.0
        out[f"{key}_min"] = np.where(n > 0, low / 100.0, np.nan)
        out[f"{key}_max"] = np.where(n > 0, high / 100.0, np.nan)
    weight = np.rint(np.asarray(fish.weight_g) * 100.0) / 100.0
    length = np.rint(np.asarray(fish.length_cm) * 100.0) / 100.0
    k = 100.0 * weight / length**3
    with np.errstate(divide="ignore", invalid="ignore"):
        out["k"] = np.where(
            n > 0, half_up(np.bincount(sample, weights=k, minlength=m) / n, 4), np.nan
        )
    return out


def _samplings(traj: Trajectory, ctx: BuildContext, rows: BatchRows, user: int) -> np.ndarray:
    """HealthSamplingEvent, IndividualFishObservation and FishParameterScore rows."""
    hs, fish = traj.health_samplings, traj.health_fish
    stats = _aggregates(traj)
    measured = stats["n"] > 0

    def pick(key: str, fallback: np.ndarray) -> np.ndarray:
        """The fish-derived statistic, or the simulated one for an event without fish rows."""
        return np.where(measured, stats[key], fallback)

    event_ids = ctx.emit(
        "health.HealthSamplingEvent",
        {
            "assignment_id": rows.assignment_ids[hs.assignment],
            "sampling_date": hs.date,
            "number_of_fish_sampled": hs.sample_size,
            "avg_weight_g": pick("weight_mean", hs.avg_weight_g),
            "std_dev_weight_g": pick("weight_std", hs.std_weight_g),
            "min_weight_g": pick("weight_min", hs.min_weight_g),
            "max_weight_g": pick("weight_max", hs.max_weight_g),
            "avg_length_cm": pick("length_mean", hs.avg_length_cm),
            "std_dev_length_cm": pick("length_std", hs.std_length_cm),
            "min_length_cm": pick("length_min", hs.min_length_cm),
            "max_length_cm": pick("length_max", hs.max_length_cm),
            "avg_k_factor": pick("k", half_up(hs.condition_factor, 4)),
            "calculated_sample_size": np.where(measured, stats["n"], hs.sample_size),
            "notes": [
                f"Monthly health sampling: {n} fish scored on {len(params.HEALTH_PARAMETERS)} "
                "welfare parameters."
                for n in hs.sample_size
            ],
            "sampled_by_id": user,
        },
    )
    if not len(fish):
        return event_ids
    fish_ids = ctx.emit(
        "health.IndividualFishObservation",
        {
            "sampling_event_id": event_ids[fish.sample],
            "fish_identifier": fish.fish_number.astype(str),
            "weight_g": fish.weight_g,
            "length_cm": fish.length_cm,
        },
    )
    parameter_ids = _parameter_ids(ctx)
    ctx.emit(
        "health.FishParameterScore",
        {
            "individual_fish_observation_id": np.repeat(fish_ids, len(parameter_ids)),
            "parameter_id": np.tile(parameter_ids, len(fish_ids)),
            "score": fish.scores.reshape(-1).astype(np.int64),
        },
    )
    return event_ids


# ---------------------------------------------------------------------------------------------
# Lab samples.
# ---------------------------------------------------------------------------------------------


def _lab_rows(traj: Trajectory) -> np.ndarray:
    """Every third health sampling with room left in its container for the lab results; in a
    container still holding fish, samples sent by the last day qualify (results maybe pending)."""
    hs = traj.health_samplings
    last = assignment_last_day(traj)[hs.assignment]
    open_ = np.isnat(traj.assignments.end_date)[hs.assignment]
    wait = np.where(open_, LAB_SEND_DAYS, LAB_SEND_DAYS + LAB_TURNAROUND_DAYS[1])
    room = (last - hs.date).astype(np.int64) >= wait
    candidates = np.flatnonzero(room)
    return candidates[LAB_SAMPLE_EVERY - 1 :: LAB_SAMPLE_EVERY]


def _disease_positive(traj: Trajectory, chosen: np.ndarray) -> np.ndarray:
    """Whether disease deaths before each chosen sampling make its lab sample positive."""
    hs, m, d = traj.health_samplings, traj.mortality, traj.daily
    disease = m.cause == "DISEASE"
    out = np.zeros(len(chosen), dtype=bool)
    for i, row in enumerate(chosen):
        a, day = hs.assignment[row], hs.date[row]
        window = (m.assignment == a) & disease & (m.date <= day)
        window &= m.date > day - np.timedelta64(DISEASE_LOOKBACK_DAYS, "D")
        alive = d.population[(d.assignment == a) & (d.date <= day)]
        fish = alive[-1] if len(alive) else 0
        out[i] = fish > 0 and m.count[window].sum() >= DISEASE_POSITIVE_SHARE * fish
    return out


def _lab_samples(traj: Trajectory, ctx: BuildContext, rows: BatchRows, user: int) -> np.ndarray:
    """HealthLabSample rows for every third health sampling, with lab reference and results."""
    hs = traj.health_samplings
    chosen = _lab_rows(traj)
    n = len(chosen)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rng = rng_for(traj, "health.HealthLabSample")
    stage = traj.assignments.stage[hs.assignment[chosen]]
    names = [
        LAB_SAMPLE_TYPES[int(s)][k % len(LAB_SAMPLE_TYPES[int(s)])] for k, s in enumerate(stage)
    ]
    type_ids = [ctx.lookup("health.SampleType", name=name) for name in names]
    positive = _disease_positive(traj, chosen)
    sampled = hs.date[chosen]
    sent = sampled + np.timedelta64(LAB_SEND_DAYS, "D")
    turnaround = rng.integers(LAB_TURNAROUND_DAYS[0], LAB_TURNAROUND_DAYS[1] + 1, size=n)
    labs = rng.integers(0, len(FISH_HEALTH_LABS), size=n)
    received = sent + turnaround.astype("timedelta64[D]")
    pending = received > assignment_last_day(traj)[hs.assignment[chosen]]
    reported = ~pending & (rng.random(n) < LAB_REPORT_FILED_SHARE)
    findings, results, references, notes, files = [], [], [], [], []
    # the lab's accession code of the batch: from its number, never a database id (ids differ
    # between databases and runs)
    batch_code = zlib.crc32(rows.batch_number.encode()) % 10_000
    for k in range(n):
        spec = SAMPLE_TYPES[names[k]]
        prefix, lab = FISH_HEALTH_LABS[int(labs[k])]
        values = {
            key: round(v * float(rng.uniform(0.97, 1.03)), 1) for key, v in spec.results.items()
        }
        if positive[k]:
            first = next(iter(values))
            values[first] = (
                round(float(rng.uniform(24.0, 29.0)), 1)
                if first.endswith("_ct")
                else round(values[first] * float(rng.uniform(1.5, 3.0)), 1)
            )
        year = int(str(sampled[k])[:4])
        reference = f"{prefix}-{year}-{batch_code:04d}{k + 1:02d}"
        references.append(reference)
        if pending[k]:  # at the lab: no findings, results or report yet
            findings.append(None)
            results.append(None)
            notes.append(f"Sent to {lab}; results pending.")
        else:
            findings.append(spec.positive if positive[k] else spec.negative)
            results.append(values)
            notes.append(f"Analysed by {lab}.")
        files.append(lab_report_path(year, reference) if reported[k] else None)
    return ctx.emit(
        "health.HealthLabSample",
        {
            "batch_container_assignment_id": rows.assignment_ids[hs.assignment[chosen]],
            "sample_type_id": np.array(type_ids, dtype=np.int64),
            "sample_date": sampled,
            "date_sent_to_lab": sent,
            "date_results_received": np.where(pending, np.datetime64("NaT"), received),
            "lab_reference_id": references,
            "findings_summary": findings,
            "quantitative_results": results,
            "attachment": files,
            "notes": notes,
            "recorded_by_id": user,
        },
    )


# ---------------------------------------------------------------------------------------------
# Treatments and vaccinations.
# ---------------------------------------------------------------------------------------------


OUTCOME_FOLLOW_UP_DAYS = 7
"""Days after a treatment's last day when its outcome is judged and recorded (choice: the
follow-up lice count a week after; vaccinations are recorded done at once)."""


SAMPLING_LEAD_DAYS = 7
"""A treatment follows from a health sampling of its pen up to a week before it (choice: the
vet's findings lead to a treatment within days); without one it has no sampling event."""


def _treatments(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    user: int,
    journal_ids: np.ndarray,
    event_ids: np.ndarray,
) -> np.ndarray:
    """Treatment rows, linked to their journal entry and to the health sampling of the pen it
    was decided on (up to ``SAMPLING_LEAD_DAYS`` before; weighed when on the same day)."""
    t, j, hs = traj.treatments, traj.journal, traj.health_samplings
    if not len(t):
        return np.zeros(0, dtype=np.int64)
    vaccines = {
        name: ctx.lookup("health.VaccinationType", name=name)
        for name in sorted(set(t.vaccine.tolist()) - {""})
    }
    logged = {
        (int(a), str(day), str(c)): journal_ids[i]
        for i, (a, day, c) in enumerate(zip(j.assignment, days_of(j.at), j.category, strict=True))
        if c in ("treatment", "vaccination")
    }
    pen = rows.container_ids[hs.assignment]
    days = days_of(t.at)
    judged = utc(t.at) + (
        (np.asarray(t.duration_days, dtype=np.int64) + OUTCOME_FOLLOW_UP_DAYS) * 86_400_000_000
    ).astype("timedelta64[us]")
    later = (t.treatment_type != "vaccination") & (t.outcome != "pending")
    known = judged <= np.datetime64(ctx.now.replace(tzinfo=None), "us")
    journal = np.full(len(t), np.nan)
    sampling = np.full(len(t), np.nan)
    weighed = np.zeros(len(t), dtype=bool)
    containers = rows.container_ids[t.assignment]
    vaccine = np.full(len(t), np.nan)
    for i in range(len(t)):
        a, day = int(t.assignment[i]), str(days[i])
        category = "vaccination" if t.treatment_type[i] == "vaccination" else "treatment"
        journal[i] = logged.get((a, day, category), np.nan)
        # the pen's last health sampling on the day or up to SAMPLING_LEAD_DAYS before
        lead = (days[i] - hs.date).astype(np.int64)
        before = np.flatnonzero((pen == containers[i]) & (lead >= 0) & (lead <= SAMPLING_LEAD_DAYS))
        if len(before):
            k = before[np.argmin(lead[before])]
            sampling[i] = event_ids[k]
            weighed[i] = lead[k] == 0
        if t.vaccine[i]:
            vaccine[i] = vaccines[str(t.vaccine[i])]
    return ctx.emit(
        "health.Treatment",
        {
            "batch_id": rows.batch_id,
            "container_id": rows.container_ids[t.assignment],
            "batch_assignment_id": rows.assignment_ids[t.assignment],
            "user_id": user,
            "treatment_date": utc(t.at),
            "treatment_type": t.treatment_type,
            "vaccination_type_id": vaccine,
            "description": t.description,
            "dosage": t.dosage,
            "duration_days": t.duration_days,
            "withholding_period_days": t.withholding_period_days,
            "outcome": np.where(later & ~known, "pending", t.outcome),
            "includes_weighing": weighed,
            "sampling_event_id": sampling,
            "journal_entry_id": journal,
        },
        story=Story(  # an outcome judged at the follow-up is a change of the treatment row
            initial={"outcome": np.full(len(t), "pending", dtype=object)},
            changes=(Change(later & known, judged),),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Health-side mortality records.
# ---------------------------------------------------------------------------------------------


def _week_of(days: np.ndarray) -> np.ndarray:
    """Monday-based week number of ``datetime64[D]`` days (the mortality tally's week)."""
    return (np.asarray(days, dtype="datetime64[D]") - _MONDAY).astype(np.int64) // 7


def _reason_names(
    traj: Trajectory, groups: np.ndarray, totals: np.ndarray, first: np.ndarray
) -> list[str]:
    """The MortalityReason of each (assignment, week, cause) tally: a diagnosis of the
    ``reference.mortality`` tree where the farm would know it, else the cause's group.

    Disease: an outbreak (the week's deaths ≥ ``OUTBREAK_SHARE`` of the pen) is diagnosed,
    winter ulcer in cold months, else the pen's own sea disease (BKD in freshwater); handling:
    the week's treatment of the pen, else a transfer into or out of it; predation: a predator
    drawn by share (birds in tanks); environmental: at sea in summer the week's event, shared
    by all pens, else an outbreak is low oxygen; other: culls by environment; the rest (and
    unknown) keep the group.
    """
    a = traj.assignments
    causes = params.MORTALITY_CAUSES
    sea = a.stage >= params.SEA_STAGE
    rng = rng_for(traj, "health.MortalityRecord.reason")
    pen_disease = rng.integers(0, len(SEA_DIAGNOSES), size=len(a))
    predator_share = np.array([share for _, share in PREDATORS])
    predators = rng.choice(
        len(PREDATORS), size=len(groups), p=predator_share / predator_share.sum()
    )
    d = traj.daily
    alive = {
        (int(i), str(day)): int(n)
        for i, day, n in zip(d.assignment, d.date, d.population, strict=True)
    }
    t = traj.treatments
    treated: dict[tuple[int, int], str] = {}
    for i, week, kind in zip(t.assignment, _week_of(days_of(t.at)), t.treatment_type, strict=True):
        treated.setdefault((int(i), int(week)), str(kind))
    index = np.arange(len(a))
    moved = {(int(i), int(w)) for i, w in zip(index, _week_of(a.start_date), strict=True)}
    ended = ~np.isnat(a.end_date)
    moved |= {
        (int(i), int(w)) for i, w in zip(index[ended], _week_of(a.end_date[ended]), strict=True)
    }
    names: list[str] = []
    for k, (i, week, c) in enumerate(groups):
        cause, i, week = causes[int(c)], int(i), int(week)
        group = MORTALITY_REASON_BY_CAUSE[cause]
        month = int(str(first[k])[5:7])
        at_sea = bool(sea[i])
        name = group
        fish = alive.get((i, str(first[k])), 0) + int(totals[k])
        outbreak = fish > 0 and totals[k] >= OUTBREAK_SHARE * fish
        if cause == "DISEASE":
            if outbreak:
                if not at_sea:
                    name = FRESHWATER_DIAGNOSIS
                elif month in WINTER_ULCER_MONTHS:
                    name = "Winter ulcer"
                else:
                    name = SEA_DIAGNOSES[int(pen_disease[i])]
        elif cause == "HANDLING":
            kind = treated.get((i, week))
            if kind in HANDLING_DIAGNOSIS_BY_TREATMENT:
                name = HANDLING_DIAGNOSIS_BY_TREATMENT[kind]
            elif (i, week) in moved:
                name = TRANSFER_DIAGNOSIS
        elif cause == "PREDATION":
            name = PREDATORS[int(predators[k])][0] if at_sea else "Birds"
        elif cause == "ENVIRONMENTAL":
            if at_sea and month in SUMMER_MONTHS:
                name = ENVIRONMENTAL_DIAGNOSES_SUMMER[week % len(ENVIRONMENTAL_DIAGNOSES_SUMMER)]
            elif outbreak:
                name = "Low oxygen"
        elif cause == "OTHER":
            name = OTHER_DIAGNOSES["sea" if at_sea else "freshwater"]
        names.append(name)
    return names


def _mortality_records(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> np.ndarray:
    """MortalityRecord rows: the batch-side deaths tallied per assignment, week and cause."""
    m = traj.mortality
    keep = m.count > 0
    if not keep.any():
        return np.zeros(0, dtype=np.int64)
    assignment, date, count = m.assignment[keep], m.date[keep], m.count[keep]
    names, inverse = np.unique(m.cause[keep], return_inverse=True)
    cause = np.array([params.CAUSE[str(n)] for n in names], dtype=np.int64)[inverse.reshape(-1)]
    week = _week_of(date)
    keys = np.stack([assignment, week, cause], axis=1)
    groups, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.reshape(-1)
    totals = np.bincount(group, weights=count).astype(np.int64)
    last = np.full(len(groups), np.datetime64("1970-01-01", "D"))
    np.maximum.at(last, group, date)
    first = np.full(len(groups), np.datetime64("9999-12-31", "D"))
    np.minimum.at(first, group, date)
    causes = [params.MORTALITY_CAUSES[c] for c in range(len(params.MORTALITY_CAUSES))]
    names = _reason_names(traj, groups, totals, first)
    reasons = np.array(
        [ctx.lookup("health.MortalityReason", name=name) for name in names], dtype=np.int64
    )
    notes = [
        f"{n:,} dead ({causes[c].lower()}) {f} to {la}; tallied from daily dead-fish collection."
        for n, c, f, la in zip(totals, groups[:, 2], first, last, strict=True)
    ]
    a = groups[:, 0]
    return ctx.emit(
        "health.MortalityRecord",
        {
            "batch_id": rows.batch_id,
            "assignment_id": rows.assignment_ids[a],
            "container_id": rows.container_ids[a],
            "event_date": minutes_of(last, MORTALITY_RECORD_MINUTE),
            "count": totals,
            "reason_id": reasons,
            "notes": notes,
        },
    )


# ---------------------------------------------------------------------------------------------
# Sea lice.
# ---------------------------------------------------------------------------------------------


def _lice_counts(traj: Trajectory, ctx: BuildContext, rows: BatchRows, user: int) -> np.ndarray:
    """LiceCount rows: one per count and lice type (lice_type + count_value, no legacy columns)."""
    lc = traj.lice_counts
    if not len(lc):
        return np.zeros(0, dtype=np.int64)
    types = np.array(
        [
            ctx.lookup("health.LiceType", species=s, gender=g, development_stage=stage)
            for s, g, stage in params.LICE_TYPES
        ],
        dtype=np.int64,
    )
    k = len(types)
    notes = [
        f"{n} fish counted; {af:.2f} adult females per fish (limit {limit:g})."
        for n, af, limit in zip(lc.fish_sampled, lc.adult_female_per_fish, lc.limit, strict=True)
    ]
    return ctx.emit(
        "health.LiceCount",
        {
            "batch_id": rows.batch_id,
            "assignment_id": np.repeat(rows.assignment_ids[lc.assignment], k),
            "container_id": np.repeat(rows.container_ids[lc.assignment], k),
            "user_id": user,
            "count_date": np.repeat(utc(lc.at), k),
            "adult_female_count": 0,
            "adult_male_count": 0,
            "juvenile_count": 0,
            "lice_type_id": np.tile(types, len(lc)),
            "count_value": lc.counts.reshape(-1).astype(np.int64),
            "detection_method": params.LICE_DETECTION_METHOD,
            "confidence_level": params.LICE_COUNT_CONFIDENCE,
            "fish_sampled": np.repeat(lc.fish_sampled, k),
            "notes": np.repeat(np.array(notes, dtype=object), k),
        },
    )
