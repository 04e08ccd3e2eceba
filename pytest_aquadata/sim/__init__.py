"""Pure-numpy simulation core: grows, feeds, counts, moves, treats and harvests salmon.

Public API: ``BatchSpec`` (input), ``simulate_batch(spec, rng) -> Trajectory`` (output), and
``params`` (stage table and every biology constant, with its docs/references.md reference).
"""

from . import params
from .lifecycle import simulate_batch
from .spec import BatchSpec
from .trajectory import Trajectory

__all__ = ["BatchSpec", "Trajectory", "params", "simulate_batch"]
