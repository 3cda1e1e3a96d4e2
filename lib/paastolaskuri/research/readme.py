"""The README inside a research data package: what it is, how it was made, what was suppressed, how to cite."""

from __future__ import annotations


def _counts(c: dict) -> list[str]:
    generalised = c.get("partners_generalised", {})
    lines = [
        f"- k = {c['k']}: every combination of the released quasi-identifiers (sector group, FTE, floor-area",
        "  and revenue bands, base-year group, and the pattern of years present) is shared by at least k partners.",
        f"- Partners reporting in {c['years'][0]}–{c['years'][-1]}: {c['partners_in_years']}; without consent to "
        f"research use (not exported): {c['partners_without_consent']}.",
        f"- Released: {c['partners_released']} partners, {c['partner_years_released']} partner-years.",
        f"- Suppressed by disclosure control: {c['partners_suppressed']} partners "
        f"({c['partner_years_suppressed']} partner-years).",
        "- Partners shown more coarsely than exact: "
        + ", ".join(f"{col} {n}" for col, n in generalised.items())
        + ".",
        f"- Category rows merged into `<scope>_other` (fewer than k partners): {c['category_rows_merged']}; "
        f"line rows whose activity is shown as its category: {c['line_rows_generalised']}.",
    ]
    return lines


def render_readme(package: dict) -> str:
    """The package's README.md from its descriptor."""
    c = package["disclosure_control"]
    method = package["method"]
    sets = ", ".join(f"{f['year']}: {f['factor_set']}" for f in method["factor_sets"]) or "none"
    year = package["created"][:4]
    files = "\n".join(f"- `{r['path']}`: {r['title']}" for r in package["resources"])
    text = [
        "# Päästölaskuri research dataset",
        "",
        "*Suomeksi:* ilmastokumppaniverkoston tutkimusaineisto. Mukana vain kumppanit, jotka ovat antaneet",
        "luvan tutkimuskäyttöön; kumppanit on nimetty salatulla tunnisteella (pseudonyymi) ja koko- ja",
        "toimialatiedot on karkeistettu niin, että jokaista yhdistelmää jakaa vähintään k kumppania.",
        "",
        "## What it is",
        "",
        "Greenhouse-gas footprints (GHG Protocol: Scope 1, Scope 2 location- and market-based, Scope 3;",
        "biogenic CO2 apart) of the partners of a regional climate-partner network who consented to",
        "research use (the template's *Tutkimuskäyttö / Research use* = *kyllä / yes* in their latest",
        f"template), for {c['years'][0]}–{c['years'][-1]}. A Frictionless Data Package: `datapackage.json`",
        "describes every table (types, units, descriptions); each table is given as CSV and as Parquet.",
        "",
        files,
        "",
        "## How it was made",
        "",
        f"- Computed by {method['tool']} from the partners' templates with the factor sets pinned per year",
        f"  ({sets}) and GWP100 values {', '.join(method['gwp_sets']) or '-'}; the method and every factor",
        "  with its source are in the tool's `docs/method.md`.",
        "- Pseudonyms: HMAC-SHA256 of the partner ID with a secret key held by the coordinator; the same",
        "  partner has the same pseudonym in every year and in later exports until the key is rotated.",
        "- Quasi-identifiers are taken from each partner's last exported year and generalised step by step",
        "  (base year to a five-year period, bands merged, TOL section to a wide group, then 'all');",
        "  partners still in a group smaller than k are left out. Totals are rounded to 3 significant",
        "  digits and intensities to 2, so exact published figures and exact sizes are not recoverable.",
        "- No names, sites, notes, contacts or factor source texts are included.",
        "",
        "## Disclosure control",
        "",
        *_counts(c),
        "",
        "Do not attempt to re-identify partners or link this dataset with other data to do so.",
        "",
        "## Licence and how to cite",
        "",
        f"Licence: {package['licenses'][0]['title']} ({package['licenses'][0]['path']}).",
        "",
        f"> Päästölaskuri research dataset, climate-partner network, {c['years'][0]}–{c['years'][-1]}",
        f"> (schema {package['version']}, created {package['created']}). {method['tool']}. {year}.",
        "",
    ]
    return "\n".join(text)
