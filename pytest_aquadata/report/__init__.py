"""Visual data report: figures of the farm data in a database, in one self-contained HTML page.

``write_report(out_dir)`` reads the default database through the ORM (``data``), draws one
PNG per figure (``figures``, matplotlib with the Agg backend: the ``report`` extra) and writes
``index.html`` with the PNGs embedded (``html``). Used by ``pytest --aquadata-report=DIR`` and
``aquadata report --out DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_report(out_dir: str | Path, *, using: str = "default", title: str = "") -> Any:
    """Write the figures and index.html into ``out_dir``; returns the html.Report."""
    from pytest_aquadata.report.html import write_report as _write

    return _write(out_dir, using=using, title=title)


__all__ = ["write_report"]
