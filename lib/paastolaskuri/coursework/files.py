"""A case's files: the template (case.xlsx), a broken copy (case_broken.xlsx) and the facts sheet."""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.coursework.case import Case
from paastolaskuri.coursework.constants import VAT_RATE
from paastolaskuri.intake.template import write_template
from paastolaskuri.intake.template_layout import ACTIVITY_FIRST_ROW
from paastolaskuri.outputs import write_csv, write_text

CASE_FILE = "case.xlsx"
BROKEN_FILE = "case_broken.xlsx"
FACTS_FILE = "facts.md"
FACTS_CSV = "facts.csv"
NOTE = {
    "fi": "Kurssitehtävän kuvitteellinen tapaus: ei oikea kumppani",
    "en": "Fictional coursework case: not a real partner",
}


def template_lines(case: Case, lang: str) -> list[dict]:
    """The case's lines as the template writer takes them, each noted as a fictional coursework case."""
    return [dict(line, note=NOTE[lang]) for line in case.lines]


def write_case_template(case: Case, out: Path, lang: str = "fi") -> Path:
    """The student's case as a Päästölaskuri template (the project's own template writer)."""
    return write_template(out, lang=lang, organisation=case.organisation(), lines=template_lines(case, lang))


def line_row(case: Case, activity: str) -> int:
    """The sheet row of an activity's line in the case template."""
    return ACTIVITY_FIRST_ROW + [d["activity"] for d in case.lines].index(activity)


def broken_edits(case: Case) -> list[tuple[str, str, object]]:
    """The planted errors: (activity or "organisation", field, wrong value). Four, one of each kind."""
    el = case.line("electricity")
    typo = f"{el['quantity']:g} {el['unit']}"
    return [
        ("electricity", "quantity", typo),  # the unit typed into the quantity cell: not a number
        ("district_heat", "unit", "l"),  # a unit the activity does not accept
        ("electricity", "own_factor_source", None),  # an own factor without its source
        ("organisation", "year", None),  # the reporting year left empty
    ]


def write_broken_template(case: Case, out: Path, lang: str = "fi") -> Path:
    """case_broken.xlsx: the case with the planted errors of `broken_edits` (for assignment 03)."""
    lines = template_lines(case, lang)
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
    text = f"{x:,.5f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",") if lang == "fi" else text.replace(",", " ")


def facts_rows(case: Case, price_ratio: float) -> list[dict]:
    """What the student is told beyond the template: one row per fact, with its unit (fi and en)."""
    f = case.facts
    vat = VAT_RATE.value
    other = load_catalogue()[f["other_spend"]]
    rows = [
        ("year", case.year, "-", "Raportointivuosi", "Reporting year"),
        (
            "oil_litres",
            f["oil_litres"],
            "l",
            "Kevyt polttoöljy (lämmitys), mittarilukema",
            "Light fuel oil (heating), meter reading",
        ),
        (
            "diesel_litres",
            f["diesel_litres"],
            "l",
            "Diesel (omat pakettiautot), tankkaukset",
            "Diesel (own vans), refuelling",
        ),
        (
            "electricity_mwh",
            f["electricity_mwh"],
            "MWh",
            "Ostosähkö, laskujen summa",
            "Purchased electricity, sum of the invoices",
        ),
        (
            "heat_mwh",
            f["heat_mwh"],
            "MWh",
            "Kaukolämpö, laskujen summa",
            "District heat, sum of the invoices",
        ),
        (
            "supplier_g_per_kwh",
            f["supplier_g_per_kwh"],
            "g CO2/kWh",
            "Sähkönmyyjän ilmoittama päästökerroin",
            "The electricity supplier's disclosed factor",
        ),
        (
            "paper_excl_vat",
            f["paper_excl_vat"],
            "EUR alv 0 % / excl. VAT",
            "Paperi- ja painotuotehankinnat, laskut 9–12/2024",
            "Paper and print purchases, invoices 9–12/2024",
        ),
        (
            "paper_kg",
            f["paper_kg"],
            "kg",
            "Samojen paperihankintojen paino",
            "The weight of the same paper purchases",
        ),
        (
            "other_excl_vat",
            f["other_excl_vat"],
            "EUR alv 0 % / excl. VAT",
            f"{other.label('fi')}, laskut 9–12/2024",
            f"{other.label('en')}, invoices 9–12/2024",
        ),
        (
            "vat_rate_pct",
            vat * 100,
            "%",
            "Yleinen arvonlisäverokanta 1.9.2024 alkaen",
            "General VAT rate from 1.9.2024",
        ),
        (
            "price_index_ratio",
            round(price_ratio, 5),
            "-",
            "Hintatason muunnos 2024 € → 2013 € (kulukertoimien hintavuosi)",
            "Price-level conversion 2024 € → 2013 € (the spend factors' price year)",
        ),
        (
            "trips",
            f["trips"],
            "kpl / trips",
            "Kotimaan lentomatkat (meno-paluu)",
            "Domestic flight trips (return)",
        ),
        (
            "one_way_km",
            f["one_way_km"],
            "km",
            "Lentomatkan pituus yhteen suuntaan",
            "One-way flight distance",
        ),
        (
            "persons",
            f["persons"],
            "hlö / persons",
            "Autolla työmatkansa kulkevat",
            "Employees commuting by car",
        ),
        ("days", f["days"], "pv / days", "Työpäiviä vuodessa", "Working days a year"),
        ("km_day", f["km_day"], "km", "Työmatka edestakaisin päivässä", "Commute there and back a day"),
        ("waste_t", f["waste_t"], "t", "Sekajäte energiahyötykäyttöön", "Mixed waste to energy recovery"),
        (
            "target_pct",
            f["target_pct"],
            "%",
            "Sitoumus: päästövähennys (Scope 1+2+3, markkinaperusteinen)",
            "Commitment: reduction (Scope 1+2+3, market-based)",
        ),
        (
            "target_year",
            f["target_year"],
            "-",
            "Sitoumuksen tavoitevuosi (perusvuosi = raportointivuosi)",
            "Commitment's target year (base year = reporting year)",
        ),
        (
            "check_year",
            f["check_year"],
            "-",
            "Vuosi, jolle polun arvo lasketaan",
            "The year whose pathway value is computed",
        ),
    ]
    return [{"key": k, "value": v, "unit": u, "fi": fi, "en": en} for k, v, u, fi, en in rows]


def facts_markdown(case: Case, price_ratio: float, lang: str = "fi") -> str:
    """The facts sheet (markdown): the case partner and what the template alone does not say."""
    fi = lang == "fi"
    title = "Tapauksen faktat" if fi else "Case facts"
    head = [
        f"# {title}: {case.name}",
        "",
        f"**{NOTE[lang]}.**",
        "",
        ("Opiskelija" if fi else "Student")
        + f": `{case.student_id}` · "
        + ("kumppanin tunnus" if fi else "partner ID")
        + f": `{case.partner_id}` · "
        + ("toimiala (TOL)" if fi else "sector (TOL)")
        + f": {case.sector} · "
        + ("vuosi" if fi else "year")
        + f": {case.year} · "
        + ("henkilöstö" if fi else "employees")
        + f": {case.employees_fte} htv/FTE",
        "",
        "| "
        + ("tieto" if fi else "fact")
        + " | "
        + ("arvo" if fi else "value")
        + " | "
        + ("yksikkö" if fi else "unit")
        + " | "
        + ("tunnus" if fi else "key")
        + " |",
        "|---|---:|---|---|",
    ]
    body = [
        f"| {r[lang]} | {_fmt(r['value'], lang, r['key'])} | {r['unit']} | `{r['key']}` |"
        for r in facts_rows(case, price_ratio)
    ]
    source = VAT_RATE
    tail = [
        "",
        ("Alv-kannan lähde" if fi else "VAT rate source")
        + f": {source.publisher}, {source.document} ({source.year}), {source.url} [{source.confidence}: {source.note}]",
        "",
        (
            "Pohjan tiedot ovat tiedostossa case.xlsx; virheellinen kopio (tehtävä 03) on case_broken.xlsx."
            if fi
            else "The template is case.xlsx; the broken copy (assignment 03) is case_broken.xlsx."
        ),
        "",
    ]
    return "\n".join(head + body + tail)


def write_facts(case: Case, out_dir: Path, price_ratio: float, lang: str = "fi") -> list[Path]:
    """facts.md (in the language) and facts.csv (both languages) into `out_dir`."""
    import pandas as pd

    md = write_text(Path(out_dir) / FACTS_FILE, facts_markdown(case, price_ratio, lang))
    table = write_csv(Path(out_dir) / FACTS_CSV, pd.DataFrame(facts_rows(case, price_ratio)))
    return [md, table]
