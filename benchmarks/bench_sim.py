"""Benchmark the simulation core: ``python benchmarks/bench_sim.py [--repeats N] [--batches N]``.

Prints how long one full batch (3.5 M eggs, egg to harvest) and a farm of batches take (median of
repeats), next to two references: a naive per-day Python loop over the same containers measured in
this run, and the legacy generator's quoted figure (LEGACY_GENERATOR.md §4: a 900-day batch ≈ 8 min
with Celery signals skipped; 144 batches in 88.7 min on 14 workers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import deque
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pytest_aquadata.sim import BatchSpec, Trajectory, params, simulate_batch  # noqa: E402
from pytest_aquadata.sim.growth import growth_temperature  # noqa: E402

LEGACY_SECONDS_PER_BATCH = 8 * 60.0
"""LEGACY_GENERATOR.md §4: "900 d ≈ 8 min" per batch (guide v6, SKIP_CELERY_SIGNALS=1)."""

FULL = BatchSpec("Scotland", 3_500_000, dt.date(2024, 3, 1), harvest_target_kg=5.5)


def farm_specs(n: int) -> list[BatchSpec]:
    """``n`` full batches alternating geographies, staggered starts, 3.0–3.8 M eggs."""
    return [
        BatchSpec(
            "Scotland" if i % 2 else "Faroe Islands",
            3_000_000 + (i * 123_457) % 800_000,
            dt.date(2020, 1, 1) + dt.timedelta(days=11 * i),
        )
        for i in range(n)
    ]


def naive_batch(reference: Trajectory, rng: np.random.Generator) -> list[dict]:
    """The baseline: the same containers and days stepped the naive way, one Python iteration per
    container-day — TGC growth, a binomial per cause, six water draws, meal by meal FIFO feed
    ledger with purchases, a 30-fish sample every 7th day and one dict per daily row (no lice,
    no harvest lots)."""
    a, bio = reference.assignments, reference.biology
    d = reference.daily
    keys = zip(d.assignment.tolist(), d.day_number.tolist(), strict=True)
    temperature = dict(zip(keys, d.temperature_c.tolist(), strict=True))
    origin = np.datetime64(reference.start_date)
    first = (a.start_date - origin).astype(int)
    last_day = int(d.day_number.max())
    end = np.where(np.isnat(a.end_date), last_day, (a.end_date - origin).astype(int))
    shares = params.BASELINE_CAUSE_SHARES["sea"]
    capacity = {
        i: reference.feed_containers.capacity_kg[i] for i in range(len(reference.feed_containers))
    }
    lots: dict[int, deque] = {i: deque() for i in capacity}
    stock = dict.fromkeys(capacity, 0.0)
    purchases = []
    rows: list[dict] = []
    states: dict[int, dict] = {}
    for day in range(last_day + 1):
        for i in np.flatnonzero((first <= day) & (day < end)).tolist():
            if (i, day + 1) not in temperature:
                continue
            if i not in states:
                states[i] = {"n": int(a.start_population[i]), "w": float(a.start_weight_g[i])}
            state = states[i]
            temp = float(growth_temperature(np.array(temperature[(i, day + 1)]), bio))
            new_w = (state["w"] ** (1 / 3) + a.tgc[i] / 1000.0 * temp) ** 3
            dead = [int(rng.binomial(state["n"], 0.0004 * s)) for s in shares]
            water = [float(rng.normal(7.0, 0.2)) for _ in range(6)]
            feed = a.fcr[i] * (new_w - state["w"]) * state["n"] / 1000.0
            fc = int(a.feed_container[i])
            meals = params.MEALS_PER_DAY[int(a.stage[i])]
            for _ in range(meals if fc >= 0 else 0):
                need = feed / meals
                if stock[fc] - need < params.FEED_REORDER_FRACTION * capacity[fc]:
                    size = capacity[fc] - stock[fc]
                    lots[fc].append([size, float(rng.uniform(1.9, 2.6))])
                    stock[fc] += size
                    purchases.append((fc, day, size))
                while need > 1e-9 and lots[fc]:
                    take = min(need, lots[fc][0][0])
                    lots[fc][0][0] -= take
                    stock[fc] -= take
                    need -= take
                    if lots[fc][0][0] <= 1e-9:
                        lots[fc].popleft()
            if (day - first[i]) % 7 == 6 and fc >= 0:
                fish = state["w"] * rng.lognormal(0.0, 0.2, 30)
                sample = (fish.mean(), fish.std(), fish.min(), fish.max())
            else:
                sample = None
            state["n"] -= min(sum(dead), state["n"])
            state["w"] = new_w
            rows.append({"assignment": i, "day": day, "population": state["n"], "weight": new_w,
                         "feed": feed, "water": water, "sample": sample})  # fmt: skip
    return rows


def timed(function, repeats: int) -> float:
    """Median wall time of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="repeats for the one-batch timings")
    parser.add_argument("--batches", type=int, default=150, help="batches in the farm timing")
    parser.add_argument("--farm-repeats", type=int, default=3, help="repeats for the farm timing")
    args = parser.parse_args(argv)

    simulate_batch(FULL, np.random.default_rng(0))  # warm caches and imports
    one = timed(lambda: simulate_batch(FULL, np.random.default_rng(1)), args.repeats)
    reference = simulate_batch(FULL, np.random.default_rng(1))
    naive = timed(
        lambda: naive_batch(reference, np.random.default_rng(1)), max(1, args.repeats // 4)
    )
    specs = farm_specs(args.batches)
    farm = timed(
        lambda: [simulate_batch(s, np.random.default_rng(i)) for i, s in enumerate(specs)],
        args.farm_repeats,
    )
    readings = timed(
        lambda: sum(len(r) for r in reference.readings(per_day=6)), max(1, args.repeats // 4)
    )
    n_readings = reference.reading_count(per_day=6)

    n = args.batches
    rows = [
        ("1 full batch (3.5 M eggs, egg→harvest)", one, naive, LEGACY_SECONDS_PER_BATCH),
        (f"{n} full batches, one core", farm, naive * n, LEGACY_SECONDS_PER_BATCH * n),
        (f"readings of 1 batch, 6/day ({n_readings:,} values)", readings, None, None),
    ]
    print(
        f"pytest-aquadata simulation benchmark  (numpy {np.__version__}, Python {sys.version.split()[0]})"
    )
    print(
        f"median of {args.repeats} (one batch) / {args.farm_repeats} (farm) runs; naive loop measured now"
    )
    print()
    header = f"{'case':<46} {'median':>10} {'naive loop':>12} {'× naive':>9} {'legacy':>10} {'× legacy':>10}"
    print(header)
    print("-" * len(header))
    for label, seconds, baseline, legacy in rows:
        naive_text = f"{baseline:9.2f} s" if baseline else "—"
        speed = f"{baseline / seconds:8.1f}×" if baseline else "—"
        legacy_text = (
            f"{legacy / 3600:8.1f} h"
            if legacy and legacy >= 3600
            else (f"{legacy:8.0f} s" if legacy else "—")
        )
        legacy_speed = f"{legacy / seconds:9.0f}×" if legacy else "—"
        print(
            f"{label:<46} {_fmt(seconds):>10} {naive_text:>12} {speed:>9} {legacy_text:>10} {legacy_speed:>10}"
        )
    print()
    print("naive loop: the same containers and days, one Python iteration per container-day doing")
    print(
        "            growth, deaths by cause, water draws, meal-by-meal FIFO feed and weekly samples"
    )
    print(
        f"            (no lice or harvest lots); for {n} batches extrapolated ({naive:.2f} s × {n})."
    )
    print(
        "legacy: LEGACY_GENERATOR.md §4, 900-day batch ≈ 8 min (480 s) into PostgreSQL, sequential;"
    )
    print("        the measured v6.1 run did 144 batches in 88.7 min on 14 workers.")


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms" if seconds < 1 else f"{seconds:7.2f} s"


if __name__ == "__main__":
    main()
