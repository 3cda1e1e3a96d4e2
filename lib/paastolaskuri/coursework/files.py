"""A case's files: the template (case.xlsx), a broken copy (case_broken.xlsx) and the facts sheet."""

from __future__ import annotations

import random
from pathlib import Path

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.core.i18n import pair, text
from paastolaskuri.core.outputs import write_csv, write_text
from paastolaskuri.coursework.case import Case
from paastolaskuri.coursework.constants import VAT_RATE
from paastolaskuri.intake.template import write_template
from paastolaskuri.intake.template_layout import ACTIVITY_FIRST_ROW

CASE_FILE = "case.xlsx"
BROKEN_FILE = "case_broken.xlsx"
FACTS_FILE = "facts.md"
FACTS_CSV = "facts.csv"


def _note(lang: str) -> str:
    return text("coursework.case.note", lang)


def template_lines(case: Case, lang: str) -> list[dict]:
    """The case's lines as the template writer takes them, each noted as a fictional coursework case."""
    return [dict(line, note=_note(lang)) for line in case.lines]


def write_case_template(case: Case, out: Path, lang: str = "fi") -> Path:
    """The student's case as a Päästölaskuri template (the project's own template writer)."""
    return write_template(out, lang=lang, organisation=case.organisation(), lines=template_lines(case, lang))


def line_row(case: Case, activity: str) -> int:
    """The sheet row of an activity's line in the case template."""
    return ACTIVITY_FIRST_ROW + [d["activity"] for d in case.lines].index(activity)


PLANTED_ERRORS = 4  # how many of the possible errors each student's broken copy has


def possible_errors(case: Case) -> list[tuple[str, str, object]]:
    """Every error a broken copy can hold: (activity or "organisation", field, wrong value)."""
    el, oil = case.line("electricity"), case.line("light_fuel_oil")
    return [
        ("electricity", "quantity", f"{el['quantity']:g} {el['unit']}"),  # the unit typed into the number
        ("district_heat", "unit", "l"),  # a unit the activity does not accept
        ("electricity", "own_factor_source", None),  # an own factor without its source
        ("organisation", "year", None),  # the reporting year left empty
        ("light_fuel_oil", "quantity", f"{oil['quantity']:g} {oil['unit']}"),
        ("waste_mixed_incineration", "unit", "m3"),
    ]


def broken_edits(case: Case) -> list[tuple[str, str, object]]:
    """The planted errors of this student's copy: PLANTED_ERRORS of `possible_errors`.

    Drawn from the case seed (so the cells to find differ between students), in the pool's order.
    """
    pool = possible_errors(case)
    chosen = sorted(random.Random(case.seed ^ BROKEN_SALT).sample(range(len(pool)), PLANTED_ERRORS))
    return [pool[i] for i in chosen]


BROKEN_SALT = 0x0B0E  # keeps the draw of the errors apart from the case's own draws


def broken_marker(partner_id: str) -> str:
    """The text every line note of case_broken.xlsx carries: a fix must start from that file."""
    return f"case_broken {partner_id}"


def has_broken_marker(path: Path, partner_id: str) -> bool:
    """True when the workbook still carries the broken copy's marker in a cell (read as data only)."""
    # openpyxl loads only when a workbook is read here: importing the checks stays light
    import openpyxl

    marker = broken_marker(partner_id)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                if any(isinstance(v, str) and marker in v for v in row):
                    return True
    finally:
        wb.close()
    return False


def write_broken_template(case: Case, out: Path, lang: str = "fi") -> Path:
    """case_broken.xlsx: the case with the planted errors of `broken_edits` (for assignment 03)."""
    marker = broken_marker(case.partner_id)
    lines = [dict(line, note=f"{line['note']} [{marker}]") for line in template_lines(case, lang)]
    org = case.organisation()
    for activity, key, value in broken_edits(case):
        if activity == "organisation":
            org[key] = value
        else:
            next(d for d in lines if d["activity"] == activity)[key] = value
    return write_template(out, lang=lang, organisation=org, lines=lines)


def _fmt(x: float, lang: str, key: str = "") -> str:
    if key in ("year", "target_year", "check_year"):
        return str(int(x))
    shown = f"{x:,.5f}".rstrip("0").rstrip(".")
    return shown.replace(",", " ").replace(".", ",") if lang == "fi" else shown.replace(",", " ")


def _unit(name: str) -> str:
    """A unit shown in both languages in one cell: "kpl / trips"."""
    return " / ".join(pair(f"coursework.fact_unit.{name}"))


def facts_rows(case: Case, price_ratio: float) -> list[dict]:
    """What the student is told beyond the template: one row per fact, with its unit (fi and en)."""
    f = case.facts
    other = load_catalogue()[f["other_spend"]]
    rows = [
        ("year", case.year, "-"),
        ("oil_litres", f["oil_litres"], "l"),
        ("diesel_litres", f["diesel_litres"], "l"),
        ("electricity_mwh", f["electricity_mwh"], "MWh"),
        ("heat_mwh", f["heat_mwh"], "MWh"),
        ("supplier_g_per_kwh", f["supplier_g_per_kwh"], "g CO2/kWh"),
        ("paper_excl_vat", f["paper_excl_vat"], _unit("excl_vat")),
        ("paper_kg", f["paper_kg"], "kg"),
        ("other_excl_vat", f["other_excl_vat"], _unit("excl_vat")),
        ("vat_rate_pct", VAT_RATE.value * 100, "%"),
        ("price_index_ratio", round(price_ratio, 5), "-"),
        ("trips", f["trips"], _unit("trips")),
        ("one_way_km", f["one_way_km"], "km"),
        ("persons", f["persons"], _unit("persons")),
        ("days", f["days"], _unit("days")),
        ("km_day", f["km_day"], "km"),
        ("waste_t", f["waste_t"], "t"),
        ("pellets_mwh", f["pellets_mwh"], "MWh"),
        ("target_pct", f["target_pct"], "%"),
        ("target_year", f["target_year"], "-"),
        ("check_year", f["check_year"], "-"),
    ]
    labels = {lang: {"label": other.label(lang)} for lang in ("fi", "en")}
    return [
        {"key": k, "value": v, "unit": u}
        | {lang: text(f"coursework.fact.{k}", lang, **labels[lang]) for lang in ("fi", "en")}
        for k, v, u in rows
    ]


def facts_markdown(case: Case, price_ratio: float, lang: str = "fi") -> str:
    """The facts sheet (markdown): the case partner and what the template alone does not say."""
    summary = text(
        "coursework.facts.summary",
        lang,
        student=case.student_id,
        partner=case.partner_id,
        sector=case.sector,
        year=case.year,
        employees=case.employees_fte,
    )
    columns = [text(f"coursework.facts.col_{c}", lang) for c in ("fact", "value", "unit", "key")]
    head = [
        f"# {text('coursework.facts.title', lang)}: {case.name}",
        "",
        f"**{_note(lang)}.**",
        "",
        summary,
        "",
        "| " + " | ".join(columns) + " |",
        "|---|---:|---|---|",
    ]
    body = [
        f"| {r[lang]} | {_fmt(r['value'], lang, r['key'])} | {r['unit']} | `{r['key']}` |"
        for r in facts_rows(case, price_ratio)
    ]
    source = VAT_RATE
    tail = [
        "",
        text("coursework.facts.vat_source", lang)
        + f": {source.publisher}, {source.document} ({source.year}), {source.url} [{source.confidence}: {source.note}]",
        "",
        text("coursework.facts.files", lang),
        "",
    ]
    return "\n".join(head + body + tail)


def write_facts(case: Case, out_dir: Path, price_ratio: float, lang: str = "fi") -> list[Path]:
    """facts.md (in the language) and facts.csv (both languages) into `out_dir`."""
    # pandas is imported on use: `paastolaskuri --help` and the light commands start without it
    import pandas as pd

    md = write_text(Path(out_dir) / FACTS_FILE, facts_markdown(case, price_ratio, lang))
    table = write_csv(Path(out_dir) / FACTS_CSV, pd.DataFrame(facts_rows(case, price_ratio)))
    return [md, table]
