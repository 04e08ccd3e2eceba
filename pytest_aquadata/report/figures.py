"""One function per report figure: reads its data, saves a PNG, returns the series it plotted."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from pytest_aquadata.report import data  # noqa: E402

DPI = 80


@dataclass
class FigureResult:
    """A saved figure: its file, title and the data series drawn in it (by name)."""

    name: str
    title: str
    path: Path
    series: dict[str, Any] = field(default_factory=dict)


def _save(fig: Any, out_dir: Path, name: str, title: str, series: dict[str, Any]) -> FigureResult:
    path = Path(out_dir) / f"{name}.png"
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return FigureResult(name, title, path, series)


def _empty(ax: Any, what: str) -> None:
    ax.text(0.5, 0.5, f"no {what} in the database", ha="center", va="center")
    ax.set_axis_off()


def growth(out_dir: Path, using: str = "default") -> FigureResult:
    """Mean weight per batch by day (log scale) inside the published TGC band."""
    fig, ax = plt.subplots(figsize=(9, 5))
    series: dict[str, Any] = {}
    for batch_id in data.batch_ids(using):
        daily = data.batch_daily(batch_id, using)
        band = data.tgc_band(daily, using)
        (line,) = ax.plot(daily.dates, daily.avg_weight_g, label=daily.batch_number)
        ax.fill_between(daily.dates, band.low_g, band.high_g, color=line.get_color(), alpha=0.15)
        series[daily.batch_number] = {
            "dates": daily.dates,
            "avg_weight_g": daily.avg_weight_g.tolist(),
            "tgc_low_g": band.low_g.tolist(),
            "tgc_high_g": band.high_g.tolist(),
            "tgc_ranges": band.ranges,
        }
    if series:
        ax.set_yscale("log")
        ax.set_ylabel("mean weight (g)")
        ax.legend(fontsize="small", title="batch (band: published TGC range)")
    else:
        _empty(ax, "daily states")
    return _save(fig, out_dir, "growth", "Growth per batch against the published TGC band", series)


def sea_temperature(out_dir: Path, using: str = "default") -> FigureResult:
    """Mean sea temperature per geography and month against the reference monthly means."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    temps = data.sea_temperature_by_month(using)
    for geo, values in temps.items():
        (line,) = ax.plot(data.MONTHS, values["observed"], "o-", label=f"{geo} (data)")
        ax.plot(data.MONTHS, values["reference"], "--", color=line.get_color(),
                label=f"{geo} (reference)")
    if temps:
        ax.set_xticks(data.MONTHS)
        ax.set_xlabel("month")
        ax.set_ylabel("sea temperature (°C)")
        ax.legend(fontsize="small")
    else:
        _empty(ax, "sea temperatures")
    series = {geo: {"months": list(data.MONTHS), **v} for geo, v in temps.items()}
    return _save(fig, out_dir, "sea_temperature", "Sea temperature by month", series)


def survival(out_dir: Path, using: str = "default") -> FigureResult:
    """Share of each batch's first-day fish not dead, by day (harvested fish survive)."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    series: dict[str, Any] = {}
    for batch_id in data.batch_ids(using):
        daily = data.batch_daily(batch_id, using)
        share = data.survival(daily)
        ax.plot(daily.dates, share * 100.0, label=daily.batch_number)
        series[daily.batch_number] = {"dates": daily.dates, "survival": share.tolist()}
    if series:
        ax.set_ylabel("survival (%)")
        ax.legend(fontsize="small")
    else:
        _empty(ax, "daily states")
    return _save(fig, out_dir, "survival", "Survival per batch", series)


def economic_fcr(out_dir: Path, using: str = "default") -> FigureResult:
    """Economic FCR per batch (feed / net biomass produced)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    fcr = data.economic_fcr(using)
    if fcr:
        ax.bar(list(fcr), list(fcr.values()))
        ax.set_ylabel("eFCR (kg feed / kg produced)")
        ax.tick_params(axis="x", labelrotation=30, labelsize="small")
    else:
        _empty(ax, "fed batches")
    return _save(fig, out_dir, "economic_fcr", "Economic FCR per batch", {"efcr": fcr})


def lice(out_dir: Path, using: str = "default") -> FigureResult:
    """Adult female lice per fish at each count against the geography's limit."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    counts = data.lice_counts(using)
    for geo, s in counts.items():
        (dots,) = ax.plot(s["dates"], s["per_fish"], ".", alpha=0.5, label=f"{geo} counts")
        ax.step(s["dates"], s["limit"], where="post", color=dots.get_color(),
                label=f"{geo} limit")
    if counts:
        ax.set_ylabel("adult female lice per fish")
        ax.legend(fontsize="small")
    else:
        _empty(ax, "lice counts")
    return _save(fig, out_dir, "lice", "Sea-lice counts against the thresholds", counts)


def feed_stock(out_dir: Path, using: str = "default") -> FigureResult:
    """Feed in a sea area's barge over time: deliveries in, the pens' feeding out."""
    fig, ax = plt.subplots(figsize=(9, 4))
    stock = data.barge_feed_stock(using)
    if stock["dates"]:
        ax.step(stock["dates"], np.asarray(stock["stock_kg"]) / 1000.0, where="post")
        ax.set_ylabel("feed in stock (t)")
        ax.set_title(stock["name"], fontsize="small")
    else:
        _empty(ax, "barge deliveries")
    return _save(fig, out_dir, "feed_stock", "Feed stock of a barge", stock)


def harvest(out_dir: Path, using: str = "default") -> FigureResult:
    """Harvested fish by grade (shares) and by HOG size class."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    dist = data.harvest_distribution(using)
    total = sum(dist["grade"].values())
    shares = {code: n / total for code, n in dist["grade"].items()} if total else {}
    if total:
        left.bar(list(shares), [100.0 * s for s in shares.values()])
        left.set_ylabel("share of fish (%)")
        right.bar(list(dist["size_class"]), list(dist["size_class"].values()))
        right.set_xlabel("HOG size class (kg)")
        right.set_ylabel("fish")
    else:
        _empty(left, "harvest lots")
        _empty(right, "harvest lots")
    series = {"grade_share": shares, "size_class": dist["size_class"], "grade": dist["grade"]}
    return _save(fig, out_dir, "harvest", "Harvest by grade and size class", series)


def coverage(out_dir: Path, using: str = "default") -> FigureResult:
    """Rows per domain table (log scale), one bar per table, empty tables marked."""
    counts = data.coverage(using)
    fig, ax = plt.subplots(figsize=(10, max(4.0, 0.11 * len(counts))))
    rows = [c.rows for c in counts]
    colors = ["tab:blue" if r else "tab:red" for r in rows]
    ax.barh(range(len(counts)), [max(r, 0.8) for r in rows], color=colors)
    ax.set_yticks(range(len(counts)), [c.table for c in counts], fontsize=4)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("rows (red: empty)")
    filled = sum(r > 0 for r in rows)
    title = f"Table coverage: {filled} of {len(counts)} tables hold rows"
    series = {"tables": [c.table for c in counts], "rows": rows}
    return _save(fig, out_dir, "coverage", title, series)


ALL = (growth, sea_temperature, survival, economic_fcr, lice, feed_stock, harvest, coverage)
"""Every figure, in the order of the report."""
