"""The report charts: matplotlib figures without pyplot, every axis number in the reader's format.

Each function returns a `matplotlib.figure.Figure`; `blocks.figure_html` embeds it in a section.
Axis ticks go through `numformat` (Babel): "3 500" in Finnish, "3,500" in English, never "3500".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from paastolaskuri.core.numformat import format_number, format_plain
from paastolaskuri.disclosure import rules
from paastolaskuri.reporting.blocks import new_figure

GREEN = "#2f7d5b"
GREY = "#888"
# the one mapping of scope colours: every chart that tells the scopes apart takes them from here
SCOPE_COLOURS = {1: "#1b4965", 2: "#5fa8d3", 3: "#9cc9e8"}
OUTLIER_COLOUR = "#a00"

figure = new_figure  # a figure and its axes without pyplot state (`blocks.new_figure`)


def tick_text(value: float, lang: str) -> str:
    """One axis tick: 3 500 / 3,500; 0,25 / 0.25 (float noise such as 0.30000000000000004 dropped)."""
    return format_plain(round(float(value), 9), lang)


def number_axis(ax, which: str, lang: str) -> None:
    """Format the x or y axis (or "both") of `ax` with the reader's thousands and decimal signs."""
    # matplotlib loads only when a chart is drawn
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda v, _pos: tick_text(v, lang))
    if which in ("x", "both"):
        ax.xaxis.set_major_formatter(formatter)
    if which in ("y", "both"):
        ax.yaxis.set_major_formatter(formatter)


def category_bars(labels: list[str], kg: list[float], lang: str):
    """Horizontal bars in t CO2e, the first label at the top."""
    fig, ax = figure(7.5, 0.45 * max(len(labels), 3) + 1)
    ax.barh(list(labels)[::-1], (np.asarray(kg, dtype=float) / 1000.0)[::-1], color=GREEN)
    ax.set_xlabel("t CO2e")
    number_axis(ax, "x", lang)
    return fig


def scope_bar(kg_by_scope: dict[int, float], lang: str):
    """One stacked bar of Scope 1, 2 and 3 in t CO2e."""
    fig, ax = figure(7.5, 2.2)
    left = 0.0
    for scope in (1, 2, 3):
        v = kg_by_scope.get(scope, 0.0) / 1000.0
        ax.barh([0], [v], left=left, color=SCOPE_COLOURS[scope], label=f"Scope {scope}")
        left += v
    ax.set_yticks([])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=3, frameon=False)
    ax.set_xlabel("t CO2e")
    number_axis(ax, "x", lang)
    return fig


# --- intensities across partners ------------------------------------------------------------------
@dataclass(frozen=True)
class Panel:
    """One intensity across partners: its title, the values and (coordinator only) the partners' names."""

    title: str
    values: tuple[float, ...]
    names: tuple[str, ...] = ()


def clip_limit(values) -> float | None:
    """The axis end that keeps far outliers from squashing the rest, or None when none is far out.

    A value is far out when it lies over Q3 + 3 × IQR (Tukey's far-out fence) and over twice the
    largest other value; the axis then ends 15 % past the largest value inside the fence.
    """
    v = np.sort(np.asarray(values, dtype=float))
    if len(v) < 4:
        return None
    q1, q3 = np.percentile(v, [25, 75])
    fence = q3 + 3 * (q3 - q1)
    inside = v[v <= fence]
    if len(inside) == len(v) or len(inside) == 0 or inside.max() <= 0:
        return None
    if v[len(inside)] <= 2 * inside.max():
        return None
    return float(inside.max() * 1.15)


def intensity_strip(panels: list[Panel], lang: str, median_word: str):
    """Coordinator: every partner a labelled point, sorted; far outliers drawn at the clipped edge."""
    heights = [0.28 * len(p.values) + 0.9 for p in panels]
    fig = figure(7.5, sum(heights))[0]
    fig.clear()
    axes = fig.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, panel in zip(axes, panels, strict=True):
        _strip_panel(ax, panel, lang, median_word)
    return fig


def _strip_panel(ax, panel: Panel, lang: str, median_word: str) -> None:
    order = np.argsort(np.asarray(panel.values, dtype=float), kind="stable")
    values = np.asarray(panel.values, dtype=float)[order]
    names = [panel.names[i] for i in order]
    limit = clip_limit(values)
    y = np.arange(len(values))
    shown = values if limit is None else np.minimum(values, limit)
    inside = values <= (limit if limit is not None else np.inf)
    ax.scatter(shown[inside], y[inside], color=GREEN, zorder=3)
    if limit is not None:
        ax.scatter(shown[~inside], y[~inside], color=OUTLIER_COLOUR, marker=">", s=60, zorder=3)
        for yi, v in zip(y[~inside], values[~inside], strict=True):
            ax.annotate(
                f"{format_number(v, lang, 1)} →",
                (limit, yi),
                textcoords="offset points",
                xytext=(-10, 0),
                ha="right",
                va="center",
                color=OUTLIER_COLOUR,
                fontsize=9,
            )
        ax.set_xlim(0, limit * 1.02)
    else:
        ax.set_xlim(0, max(values.max() * 1.1, 1e-9))
    median = float(np.median(values))
    ax.axvline(median, color=GREY, ls="--", lw=0.8, zorder=1)
    ax.set_yticks(y, names, fontsize=9)
    ax.set_ylim(-0.7, len(values) - 0.3)
    ax.grid(axis="x", color="#eee")
    ax.set_title(
        f"{panel.title}  (- - {median_word} {format_number(median, lang, 2)})", fontsize=10, loc="left"
    )
    number_axis(ax, "x", lang)


def intensity_boxes(panels: list[Panel], lang: str):
    """Public: one box per intensity, whiskers at the 10th/90th percentiles, no single partner drawn.

    A box's edges, its median and its whisker ends are order statistics: in a group under
    `rules.MIN_FOR_ORDER_STATISTICS` they are (or lie between) single partners' values, so such a
    panel is refused here and the caller shows a sentence instead.
    """
    small = [p.title for p in panels if not rules.order_statistics_allowed(len(p.values))]
    if small:
        raise ValueError(
            f"box plot of fewer than {rules.MIN_FOR_ORDER_STATISTICS} values: {', '.join(small)}"
        )
    fig = figure(7.5, 2.4 * len(panels))[0]
    fig.clear()
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels, strict=True):
        ax.boxplot(
            np.asarray(panel.values, dtype=float),
            orientation="horizontal",
            widths=0.5,
            showfliers=False,
            whis=(10, 90),
        )
        ax.set_yticks([])
        ax.set_title(panel.title, fontsize=10, loc="left")
        number_axis(ax, "x", lang)
    return fig


def axis_labels(fig) -> list[str]:
    """Every tick label of every axes after drawing (what a reader sees): for tests and checks."""
    # matplotlib loads only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    return out


def frame_panels(partners: pd.DataFrame, metrics, with_names: bool) -> list[Panel]:
    """Panels for the intensity columns in `metrics` ((title, column) pairs) that have values."""
    panels = []
    for title, col in metrics:
        if col not in partners:
            continue
        rows = partners[pd.to_numeric(partners[col], errors="coerce").notna()]
        values = tuple(float(v) for v in rows[col])
        names = tuple(str(n) for n in rows["name"]) if with_names and "name" in rows else ()
        panels.append(Panel(title, values, names))
    return panels
