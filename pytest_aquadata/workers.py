"""How many cores a whole-farm build uses, and the processes that simulate batches ahead.

``workers`` is the number of cores a saturation may keep busy (``--workers`` of ``aquadata
saturate``, ``--aquadata-workers`` of pytest; default: the cores this process may run on).
With one worker the build runs as it always did, in one thread. With more, upcoming batches
are simulated in ``workers - 1`` worker processes (``Simulations``), at most ``workers``
trajectories ahead so memory stays bounded (and the writes may run in a writer thread,
``load.pipeline``, on the databases of ``saturation.WRITER_THREAD_VENDORS``). Each batch is simulated from its own seed, so a trajectory is the same
in any process and the rows are the same whatever the number of workers.

Django-free: a worker process imports this module, numpy and ``pytest_aquadata.sim`` only.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import MappingProxyType
from typing import Any

from pytest_aquadata.sim.farm import PlannedBatch
from pytest_aquadata.sim.trajectory import Trajectory


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_workers(raw: object) -> int:
    """A worker count (a whole number >= 1), or ValueError naming the value."""
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit() or int(text) < 1:
        raise ValueError(f"{raw!r} is invalid; allowed: a whole number of cores, 1 or more")
    return int(text)


def _mappingproxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _reduce_mappingproxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[Any, ...]]:
    return _mappingproxy, (dict(proxy),)


# Specs and trajectories hold read-only mappings; let them cross the process boundary.
copyreg.pickle(MappingProxyType, _reduce_mappingproxy)


def _simulate(planned: PlannedBatch) -> Trajectory:
    """Worker-process entry point: one planned batch's trajectory (seeded by the batch)."""
    return planned.simulate()


class Simulations:
    """Trajectories of planned batches in plan order, simulated ahead in worker processes.

    ``workers <= 1`` simulates each batch when it is asked for, in this process. Otherwise
    ``workers - 1`` processes (started at once, with ``spawn`` so no thread or database
    connection of this process is copied) simulate up to ``workers`` batches ahead; where no
    process can be started they are simulated here (with a warning). A script that uses more
    than one worker needs Python's ``if __name__ == "__main__":`` guard (``spawn`` imports the
    main module again). Use as a context manager; leaving it stops the processes.
    """

    def __init__(self, batches: Sequence[PlannedBatch], workers: int) -> None:
        self.batches = tuple(batches)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._ahead: deque[Future[Trajectory]] = deque()
        self._next = 0
        if workers > 1 and self.batches:
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=max(1, min(workers - 1, len(self.batches))),
                    mp_context=multiprocessing.get_context("spawn"),
                )
                self._fill()
            except (OSError, NotImplementedError) as exc:  # no processes here: simulate inline
                warnings.warn(
                    f"aquadata: simulating batches in this process ({exc})",
                    RuntimeWarning,
                    stacklevel=2,
                )
                self.close()
                self._ahead.clear()
                self._next = 0

    def _fill(self) -> None:
        assert self._pool is not None
        while len(self._ahead) < self.workers and self._next < len(self.batches):
            self._ahead.append(self._pool.submit(_simulate, self.batches[self._next]))
            self._next += 1

    def __iter__(self) -> Iterator[tuple[PlannedBatch, Trajectory]]:
        """(planned batch, trajectory) in plan order."""
        if self._pool is None:
            for planned in self.batches:
                yield planned, planned.simulate()
            return
        for planned in self.batches:
            trajectory = self._ahead.popleft().result()
            self._fill()
            yield planned, trajectory

    def close(self) -> None:
        """Stop the worker processes (simulations not started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Simulations:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
