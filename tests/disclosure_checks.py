"""Helpers for the public-disclosure tests: a processed network written in code, and leak searches.

A leak is a partner's own figure (or the figure of a group of two) in any public output, in any
number formatting the outputs use: Finnish (1 234,6 with a non-breaking space), English
(1,234.6), plain (1234.6), in tonnes with 0-3 decimals or in kilograms; in a workbook also as a
cell value.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd

YEAR = 2024
_SEP = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d)")
_STYLE = re.compile(r"<style.*?</style>", re.S)
_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+")


def write_network(root: Path, partners: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Processed tables for `partners` under root/data/processed/2024 (and empty report folders).

    Each partner: id, section, cats {category: kg (market-based)}, biogenic kg. Scope 2 lines get a
    location-based twin at half the market figure.
    """
    rows, lines = [], []
    for p in partners:
        kg = {"scope1": 0.0, "scope2_market": 0.0, "scope2_location": 0.0, "scope3": 0.0}
        for n, (cat, value) in enumerate(p["cats"].items()):
            scope = int(cat[1])
            key = {1: "scope1", 2: "scope2_market", 3: "scope3"}[scope]
            kg[key] += value
            basis = "market" if scope == 2 else "direct"
            lines.append(
                _line(p["id"], 7 + n, scope, cat, basis, value, p.get("biogenic", 0.0) if n == 0 else 0.0)
            )
            if scope == 2:
                kg["scope2_location"] += value / 2
                lines.append(_line(p["id"], 7 + n, 2, cat, "location", value / 2, 0.0))
        market = kg["scope1"] + kg["scope2_market"] + kg["scope3"]
        rows.append(
            {
                "partner_id": p["id"],
                "slug": p["id"],
                "name": f"Yritys {p['id']} Oy",
                "sector": p["section"],
                "section": p["section"],
                "year": YEAR,
                "factor_set": "fi-2024-r1",
                "gwp_set": "AR5",
                **{f"kg_{k}": v for k, v in kg.items()},
                "kg_biogenic_co2": p.get("biogenic", 0.0),
                "kg_total_market": market,
                "kg_total_location": kg["scope1"] + kg["scope2_location"] + kg["scope3"],
                "t_per_fte": None,
                "kg_per_m2": None,
                "t_per_meur": None,
                "lines": len(p["cats"]),
                "share_estimated": 0.0,
                "unverified_factors": 0,
                "own_factors": 0,
            }
        )
    d = root / "data" / "processed" / str(YEAR)
    d.mkdir(parents=True, exist_ok=True)
    (root / "reports").mkdir(exist_ok=True)
    partners_df, emissions_df = pd.DataFrame(rows), pd.DataFrame(lines)
    partners_df.to_csv(d / "partners.csv", index=False)
    emissions_df.to_csv(d / "emissions.csv", index=False)
    (d / "run_status.json").write_text(json.dumps({"failed": [], "missing": [], "registered": len(rows)}))
    return partners_df, emissions_df


def _line(pid, row, scope, cat, basis, kg, biogenic) -> dict:
    return {
        "partner_id": pid,
        "row": row,
        "activity": "x",
        "label": "x",
        "scope": scope,
        "category": cat,
        "basis": basis,
        "kg_co2e": kg,
        "kg_co2_biogenic": biogenic,
        "confidence": "seen-in-source",
    }


def renderings(kg: float) -> list[str]:
    """Every way the outputs could write `kg` (tonnes with 0-3 decimals, kilograms), with 4 digits or more."""
    out = set()
    for value, decimals in [(kg / 1000.0, d) for d in range(4)] + [(kg, 0), (kg, 1)]:
        plain = f"{value:.{decimals}f}"
        if sum(ch.isdigit() for ch in plain) >= 4:  # shorter ones match unrelated numbers
            out |= {plain, plain.replace(".", ","), f"{value:,.{decimals}f}"}
    return sorted(out)


def text_leaks(text: str, figures: dict[str, float]) -> list[str]:
    """The figures (by name) whose rendering appears in `text` (HTML entities decoded, separators dropped)."""
    text = _IMAGE.sub("", _STYLE.sub("", text))  # image data and CSS colours hold random digit runs
    flat = _SEP.sub("", html.unescape(text))
    found = []
    for name, kg in figures.items():
        for r in renderings(kg):
            if re.search(r"(?<![\d.,])" + re.escape(r) + r"(?![\d]|[.,]\d)", flat):
                found.append(f"{name}: {r}")
    return found


def workbook_text_and_numbers(path: Path) -> tuple[str, list[float]]:
    """All text cells joined, and every numeric cell, of every sheet."""
    wb = openpyxl.load_workbook(path)
    texts, numbers = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    numbers.append(float(v))
                elif v is not None:
                    texts.append(str(v))
    return "\n".join(texts), numbers


def workbook_leaks(path: Path, figures: dict[str, float]) -> list[str]:
    """Figures found in a workbook, as text or as a cell value (tonnes or kilograms)."""
    text, numbers = workbook_text_and_numbers(path)
    found = text_leaks(text, figures)
    for name, kg in figures.items():
        if any(abs(n - kg / 1000.0) < 5e-4 or abs(n - kg) < 0.5 for n in numbers):
            found.append(f"{name}: cell value")
    return found


def notebook_text(path: Path) -> str:
    """Every output and source text of an executed notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            for kind, value in out.get("data", {}).items():
                if not kind.startswith("image/"):  # charts: drawn from the same disclosed tables
                    parts.append(value if isinstance(value, str) else "".join(value))
            parts.append("".join(out.get("text", "")))
    return "\n".join(parts)


def sheet_tables(path: Path, total_labels: tuple[str, ...]) -> list[tuple[str, list[float], float]]:
    """(sheet, row values, total) for each table in a workbook whose last row is labelled as a total.

    The value read is the column headed "t CO2e"; a table starts after its header row.
    """
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        col, values = None, []
        for row in ws.iter_rows(values_only=True):
            if "t CO2e" in row:
                col, values = row.index("t CO2e"), []
                continue
            if col is None or all(v is None for v in row):
                col = None if col is not None and not values else col
                continue
            labels = {str(v) for v in row if isinstance(v, str)}
            if labels & set(total_labels):
                out.append((ws.title, values, row[col]))
                col = None
            elif isinstance(row[col], (int, float)):
                values.append(float(row[col]))
    return out


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def html_tables(text: str) -> list[list[list[str]]]:
    """Every table of an HTML text as rows of cell texts."""
    parser = _Tables()
    parser.feed(text)
    return parser.tables


def parse_number(text: str, lang: str) -> float:
    """A number as the report writes it (fi: 1 234,5; en: 1,234.5)."""
    flat = _SEP.sub("", text.strip())
    flat = flat.replace(",", ".") if lang == "fi" else flat.replace(",", "")
    return float(flat)
