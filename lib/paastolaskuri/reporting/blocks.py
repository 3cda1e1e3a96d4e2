"""Displayable pieces a report section returns: HTML with `_repr_html_`, figures embedded as PNG.

A section returns one :class:`Block` (or a DataFrame, or a figure); the notebook displays it by
leaving it as the cell's last expression, and a test reads ``block.html`` without a kernel.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A piece of report HTML that Jupyter displays as is.

    ``tables`` holds the tables shown (as pandas DataFrames, in the order shown) and ``figures`` the
    matplotlib figures drawn, so a student or a test can take the numbers and charts from a section
    (``report.breakdown().tables[0]``) without parsing its HTML.
    """

    html: str
    tables: tuple[Any, ...] = field(default=(), compare=False)
    figures: tuple[Any, ...] = field(default=(), compare=False)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Block({len(self.html)} characters of HTML, {len(self.tables)} tables, {len(self.figures)} figures)"

    def __add__(self, other: Block) -> Block:
        return Block(self.html + other.html, self.tables + other.tables, self.figures + other.figures)


def esc(text: object) -> str:
    """Escape a text for HTML (every text from a template or a CSV goes through this)."""
    return html.escape(
        "" if text is None or (isinstance(text, float) and text != text) else str(text), quote=True
    )


def heading(level: int, text: str) -> str:
    """An escaped heading."""
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph(text: str, css_class: str = "") -> str:
    """An escaped paragraph."""
    cls = f" class='{css_class}'" if css_class else ""
    return f"<p{cls}>{esc(text)}</p>"


def new_figure(width: float = 7.5, height: float = 3.6):
    """A matplotlib figure (no pyplot state) and its axes, laid out with the constrained engine."""
    # matplotlib loads only when a chart is drawn
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    fig.set_layout_engine("constrained")
    return fig, fig.add_subplot()


def figure_html(fig, alt: str) -> str:
    """A figure as an inline PNG image (reports work offline: no external files)."""
    # matplotlib loads only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buf, metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img alt='{esc(alt)}' src='data:image/png;base64,{data}'/>"
