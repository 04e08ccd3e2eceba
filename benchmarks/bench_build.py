"""Benchmark whole builds: the harvested lifecycle batch and farm saturation per scale.

    python benchmarks/bench_build.py [--database URL] [--scales small,medium] [--readings 6]
                                     [--workers 1,2] [--rounds 1]

Each case runs in a scratch database (a temporary SQLite file, or a scratch PostgreSQL database
created from the URL's server). The lifecycle batch is built inside a transaction that is
rolled back afterwards; a saturation runs as ``aquadata saturate`` runs it, in its own
transaction, committed (so the staging process of ``--workers`` > 1 is used on PostgreSQL
too), and the tables are flushed afterwards, untimed. The baseline
is measured in the same run: per-row ORM ``create()`` of MortalityEvent rows, the way the legacy
generator wrote, extrapolated to each case's row count.

Each scale is saturated once per worker count of ``--workers`` (cold: built, never restored),
in the same process; ``--rounds 2`` runs the counts forward then backward (1, 2, 2, 1) so drift
of a shared machine weighs on both alike. Printed per case: seconds, rows/s, the ratio of
throughput to the first worker count of the same scale (the one-core baseline), and the peak
resident memory of this process and its worker processes together (sampled every 0.1 s from
/proc), next to the load average at the start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_load import scratch_database


class _Rollback(Exception):
    pass


def rolled_back(run: Callable[[], int]) -> tuple[int, float]:
    """Run a build in a transaction, time it, roll it back; (rows, seconds)."""
    from django.db import transaction

    rows = 0
    started = time.perf_counter()
    try:
        with transaction.atomic():
            rows = run()
            seconds = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return rows, seconds


def committed(run: Callable[[], int]) -> tuple[int, float]:
    """Run a build in its own committed transaction, time it, then empty the database
    (untimed); (rows, seconds)."""
    from django.core.management import call_command

    started = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - started
    call_command("flush", interactive=False, verbosity=0)
    return rows, seconds


def _rss_kib(pid: int) -> int:
    """Resident memory of a process (KiB), 0 when it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    """The process and every descendant (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


@contextmanager
def peak_rss() -> Iterator[list[int]]:
    """Sample the resident memory of this process and its children every 0.1 s; the block's
    peak sum (KiB) is in the yielded list afterwards. Needs /proc (Linux); 0 elsewhere."""
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            if Path("/proc/self/status").exists():
                peak[0] = max(peak[0], sum(_rss_kib(pid) for pid in _tree(os.getpid())))
            done.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()


def orm_rate(n: int = 2_000) -> float:
    """Rows per second of per-row ORM create() (the legacy generator's way of writing)."""
    from django.apps import apps

    from pytest_aquadata.rows.run import build_batch
    from pytest_aquadata.sim import BatchSpec

    def run() -> int:
        report = build_batch(
            BatchSpec(
                geography="Scotland",
                eggs=5_000,
                start_date=dt.date(2023, 1, 1),
                stop_at_stage="Fry",
            ),
            seed=1,
            readings_per_day=0,
        )
        Event = apps.get_model("batch", "MortalityEvent")
        template = Event.objects.filter(batch_id=report.batch_id).first()
        started = time.perf_counter()
        for i in range(n):
            Event.objects.create(
                batch_id=template.batch_id,
                assignment_id=template.assignment_id,
                event_date=template.event_date,
                count=1 + i % 5,
                biomass_kg=1,
                cause="UNKNOWN",
            )
        return int(n / (time.perf_counter() - started))

    rate, _ = rolled_back(run)
    return float(rate)


def main(argv: list[str] | None = None) -> int:
    """Build each case in a scratch database and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="PostgreSQL server URL (default: SQLite file)")
    parser.add_argument("--scales", default="small", help="comma-separated saturation scales")
    parser.add_argument("--readings", type=int, default=6, help="readings per sensor per day")
    parser.add_argument(
        "--workers", default="1,2", help="comma-separated worker counts per scale (first: baseline)"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="2: worker counts forward, then backward"
    )
    parser.add_argument("--skip-batch", action="store_true", help="no harvested_batch case")
    args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",") if w]
    order = counts + (counts[::-1] if args.rounds > 1 else [])
    url, remove = scratch_database(args.database)
    try:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pytest_aquadata.batch_store import lifecycle_spec
        from pytest_aquadata.clock import utc_today
        from pytest_aquadata.rows.run import build_batch
        from pytest_aquadata.saturation import saturate

        call_command("migrate", verbosity=0)
        baseline = orm_rate()
        cases: list[tuple[str, int, Callable[[], int]]] = []
        lifecycle: list[tuple[str, int, Callable[[], int]]] = [
            (
                "harvested_batch",
                1,
                lambda: (
                    build_batch(
                        lifecycle_spec("harvested_batch", 1, utc_today()),
                        seed=1,
                        readings_per_day=args.readings,
                    ).total_rows
                ),
            )
        ]
        if not args.skip_batch:
            cases += lifecycle
        for scale in [s for s in args.scales.split(",") if s]:
            for workers in order:
                cases.append(
                    (
                        f"saturation {scale}",
                        workers,
                        lambda scale=scale, workers=workers: (
                            saturate(
                                scale, seed=1, readings_per_day=args.readings, workers=workers
                            ).total_rows
                        ),
                    )
                )
        print(f"database: {connection.vendor}; readings per sensor per day: {args.readings}")
        print(f"baseline: per-row ORM create() at {baseline:,.0f} rows/s (measured now)")
        print(
            f"{'case':<22}{'workers':>8}{'rows':>12}{'seconds':>10}{'rows/s':>12}"
            f"{'ORM-per-row s':>15}{'speed-up':>10}{'x 1st':>7}{'peak RSS':>10}{'load':>6}"
        )
        first: dict[str, float] = {}
        runs: dict[tuple[str, int], list[float]] = {}
        for name, workers, run in cases:
            load = os.getloadavg()[0]
            with peak_rss() as peak:
                rows, seconds = (
                    committed(run) if name.startswith("saturation") else rolled_back(run)
                )
            orm_seconds = rows / baseline
            runs.setdefault((name, workers), []).append(seconds)
            rate = rows / seconds
            ratio = rate / first.setdefault(name, rate)
            print(
                f"{name:<22}{workers:>8}{rows:>12,}{seconds:>10.1f}{rate:>12,.0f}"
                f"{orm_seconds:>15,.0f}{orm_seconds / seconds:>9.0f}x{ratio:>6.2f}x"
                f"{peak[0] / 1024:>8,.0f}MB{load:>6.1f}",
                flush=True,
            )
        by_case: dict[str, list[tuple[int, float]]] = {}
        for (name, workers), times in runs.items():
            by_case.setdefault(name, []).append((workers, sum(times) / len(times)))
        for name, means in by_case.items():
            if len(means) < 2:
                continue
            base_workers, base = means[0]
            text = ", ".join(f"{w} workers {m:.1f} s ({base / m:.2f}x)" for w, m in means)
            print(f"{name}, mean of each worker count's runs: {text}; baseline {base_workers}")
    finally:
        remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
