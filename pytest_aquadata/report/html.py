"""The report page: every figure's PNG embedded as base64 in one self-contained index.html."""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from pytest_aquadata.report import figures


@dataclass
class Report:
    """What a report wrote: its page and the figures (with their series)."""

    index: Path
    figures: dict[str, figures.FigureResult]


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}
figure{{margin:2em 0}}img{{max-width:100%}}</style></head>
<body><h1>{title}</h1><p>{subtitle}</p>
{body}
</body></html>
"""


def write_report(out_dir: str | Path, *, using: str = "default", title: str = "") -> Report:
    """Draw every figure into ``out_dir`` and write ``index.html`` embedding them."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    done = {}
    parts = []
    for draw in figures.ALL:
        result = draw(out, using)
        done[result.name] = result
        encoded = base64.b64encode(result.path.read_bytes()).decode("ascii")
        parts.append(
            f'<figure id="{result.name}"><img alt="{html.escape(result.title)}" '
            f'src="data:image/png;base64,{encoded}"><figcaption>{html.escape(result.title)}'
            "</figcaption></figure>"
        )
    index = out / "index.html"
    heading = html.escape(title or "pytest-aquadata report")
    stamp = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    index.write_text(
        PAGE.format(title=heading, subtitle=f"written {stamp}", body="\n".join(parts)),
        encoding="utf-8",
    )
    return Report(index, done)
