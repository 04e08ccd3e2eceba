"""Batches, eggs and transfer workflows: egg numbers and prices, action counts, durations.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

EGGS_PER_BATCH = (3_000_000, 3_800_000)
"""Eggs per batch: U(3.0 M, 3.8 M) (LEGACY_GENERATOR.md §1 orchestrator); docs/references.md §7 example
batch 3.5 M eggs."""

EGG_COST_PER_THOUSAND = (150.0, 220.0)
"""Price of 1000 external eggs, EUR/GBP (choice: docs/references.md has no egg prices)."""

EGG_DOA_FRACTION = (0.0, 0.005)
"""Dead-on-arrival share of a delivery (choice; legacy used 0)."""

WORKFLOW_ACTIONS = 3
"""Actions created for a completed or in-progress workflow when the batch has no assignments
to move (choice: small, a factory builds single entities; the sim builds whole batches)."""

TRANSFER_DURATION_MINUTES = (45, 240)
"""Duration of one transfer action (choice)."""
