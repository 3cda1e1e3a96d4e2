"""The report HTML shared by the partner and network sections: the style sheet, tables, boxes.

Every text goes through `blocks.esc`; tables through `presentation.html_table` (escaped, numbers
right-aligned). `compose` joins the pieces of one section into a single `Block`.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import withheld_text
from paastolaskuri.reporting.blocks import Block, esc, figure_html
from paastolaskuri.reporting.presentation import fmt_number, html_table

STYLE = """<style>
.pl-big{font-size:2.2em;font-weight:bold;margin:.2em 0}
.pl-sub{color:#555}
.pl-table{border-collapse:collapse;font-size:.9em}
.pl-table th,.pl-table td{padding:3px 8px !important;border-bottom:1px solid #ddd;text-align:left !important;vertical-align:top}
.pl-table .pl-num{text-align:right !important;white-space:nowrap;font-variant-numeric:tabular-nums}
.pl-glance{border-left:4px solid #2f7d5b;background:#f4f9f6;padding:.5em 1em;margin:.8em 0}
.pl-glance li{margin:.2em 0}
.pl-flag{color:#a00;font-weight:bold}
</style>"""


def compose(*parts: object, alt: str = "") -> Block:
    """One section's Block from its pieces, in order.

    A piece is an HTML string, a Block, a DataFrame (shown as an escaped table; kept in
    ``Block.tables``) or a matplotlib figure (an inline PNG with `alt` text; kept in
    ``Block.figures``). None pieces are skipped.
    """
    html: list[str] = []
    tables: list[pd.DataFrame] = []
    figures: list[object] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, str):
            html.append(part)
        elif isinstance(part, Block):
            html.append(part.html)
            tables += part.tables
            figures += part.figures
        elif isinstance(part, pd.DataFrame):
            html.append(html_table(part))
            tables.append(part)
        else:
            html.append(figure_html(part, alt))
            figures.append(part)
    return Block("".join(html), tuple(tables), tuple(figures))


def glance_box(title: str, items: list[str]) -> str:
    """The "at a glance" box: a bold title over a bulleted list (every item escaped)."""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return f"<div class='pl-glance'><strong>{esc(title)}</strong><ul>{lis}</ul></div>"


def big_figure(main: str, sub: str) -> str:
    """A headline number and the line under it (both escaped)."""
    return f"<div class='pl-big'>{esc(main)}</div><div class='pl-sub'>{esc(sub)}</div>"


def tonnes(kg: float, lang: str, public: bool = False) -> str:
    """Kg CO2e as tonnes in the reader's number format: one decimal (1 234,5 / 1,234.5).

    A public (rounded) figure shows exactly its published significant digits (1 230).
    """
    t = kg / 1000.0
    return fmt_number(t, lang, rules.published_decimals(t) if public else 1)


def tonnes_or_withheld(kg: float | None, lang: str, unit: str = " t CO2e", public: bool = False) -> str:
    """Tonnes with `unit`, or the withheld text (no unit) when the figure is not published."""
    return withheld_text(lang) if kg is None else tonnes(kg, lang, public) + unit


def percent_change(new: float, old: float | None, lang: str) -> str:
    """The change from `old` to `new` as "-12,3 %", or "–" without an earlier non-zero figure."""
    if not old:
        return "–"
    return f"{fmt_number(100 * (new / old - 1), lang, 1)} %"
