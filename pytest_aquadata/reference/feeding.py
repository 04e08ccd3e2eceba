"""Feed deliveries and feeding summaries: lot sizes and the summary period.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

FEED_LOT_KG = (5_000, 25_000)
"""Size of one feed delivery, kg (choice: a truckload; silos hold 5–30 t and barges 50 t,
LEGACY_GENERATOR.md §2). [→ sim.params]"""

SUMMARY_PERIOD_DAYS = 30
"""Period of a container or batch feeding summary: the reference's 30-day FCR window
(LEGACY_GENERATOR.md §6 "30-day FCR window")."""
