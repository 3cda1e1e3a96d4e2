"""The README inside a research data package: what it is, how it was made, what was withheld, how to cite.

Written whole per mode, in English with a Finnish summary (a document, not a message: see
docs/decisions.md 56). The microdata README says first, in both languages, that the data are
confidential: pseudonymised, not anonymous.
"""

from __future__ import annotations

from paastolaskuri.core.i18n import pair


def _years(c: dict) -> str:
    years = c.get("years") or []
    return f"{min(years)}–{max(years)}" if years else "-"


def _microdata_counts(c: dict) -> list[str]:
    generalised = c.get("partners_generalised", {})
    return [
        f"- k = {c['k']}: every combination of the released quasi-identifiers (sector group, FTE, floor-area",
        "  and revenue bands, base-year group, and the pattern of years present) is shared by at least k partners.",
        f"- Partners reporting in {_years(c)}: {c['partners_in_years']}; without consent to "
        f"research use (not exported): {c['partners_without_consent']}.",
        f"- Released: {c['partners_released']} partners, {c['partner_years_released']} partner-years.",
        f"- Suppressed by disclosure control: {c['partners_suppressed']} partners "
        f"({c['partner_years_suppressed']} partner-years).",
        "- Partners shown more coarsely than exact: "
        + ", ".join(f"{col} {n}" for col, n in generalised.items())
        + ".",
        f"- Category rows merged into `<scope>_other` (fewer than k partners): {c['category_rows_merged']}; "
        f"line rows whose activity is shown as its category: {c['line_rows_generalised']}.",
        *_public_audit(c),
    ]


def _public_audit(c: dict) -> list[str]:
    """The audit of the noisy figures against the public ones (absent from packages made before it)."""
    if "partners_withheld_by_the_public_audit" not in c:
        return []
    return [
        "- Audited against every public figure of these years (the network's public report, as printed",
        "  and as recorded, and the aggregate research tables): with this package beside them, no",
        "  partner's side of the noise (above or below 1) and no figure of a partner left out can be told.",
        f"  Partners withheld to make it so: {c['partners_withheld_by_the_public_audit']}.",
    ]


def _files(package: dict) -> str:
    return "\n".join(f"- `{r['path']}`: {r['title']}" for r in package["resources"])


def _made(package: dict) -> list[str]:
    method = package["method"]
    sets = ", ".join(f"{f['year']}: {f['factor_set']}" for f in method["factor_sets"]) or "none"
    return [
        f"- Computed by {method['tool']} from the partners' templates with the factor sets pinned per year",
        f"  ({sets}) and GWP100 values {', '.join(method['gwp_sets']) or '-'}; the method and every factor",
        "  with its source are in the tool's `docs/method.md`.",
        "- Consent: only partners whose newest template answers *Tutkimuskäyttö / Research use* = *kyllä /",
        "  yes*; a withdrawal removes the partner from every year, and an unreadable answer counts as no.",
        "- No names, sites, notes, contacts or factor source texts are included.",
    ]


def _cite(package: dict) -> list[str]:
    c = package["disclosure_control"]
    year = package["created"][:4]
    licence = package["licenses"][0]
    return [
        "## Licence and how to cite",
        "",
        f"Licence: {licence['title']}" + (f" ({licence['path']})." if "path" in licence else "."),
        "",
        f"> Päästölaskuri research dataset, climate-partner network, {_years(c)}",
        f"> (schema {package['version']}, created {package['created']}). {package['method']['tool']}. {year}.",
        "",
    ]


def _joint(counts: dict) -> str:
    levels = counts.get("joint_audit_with_the_public_report") or {}
    return "; ".join(f"{year}: {level}" for year, level in sorted(levels.items())) or "no year to audit"


def render_aggregate(package: dict) -> str:
    """The README of the default package: aggregate tables, publishable under CC BY 4.0."""
    c = package["disclosure_control"]
    r = c["rules"]
    text = [
        "# Päästölaskuri research dataset: aggregate tables",
        "",
        "*Suomeksi:* ilmastokumppaniverkoston tutkimusaineiston koostetaulukot. Mukana vain kumppanit,",
        "jotka ovat antaneet luvan tutkimuskäyttöön. Jokaisessa julkaistussa solussa on vähintään",
        f"{r['min_contributors']} kumppania eikä yksikään kumppani hallitse sitä (p %-sääntö, p = {r['p_percent']:g});",
        "pienet ryhmät on yhdistetty riville 'other', ja rivit summautuvat riviin 'all'. Julkaistavissa.",
        "",
        "## What it is",
        "",
        "Greenhouse-gas footprints (GHG Protocol: Scope 1, Scope 2 location- and market-based, Scope 3) of",
        f"the consenting partners of a regional climate-partner network, {_years(c)}, summed over groups of",
        "partners. A Frictionless Data Package: `datapackage.json` describes every table; each is given as",
        "CSV and as Parquet. No partner-level figure is included.",
        "",
        _files(package),
        "",
        "## How it was made",
        "",
        *_made(package),
        "",
        "## Disclosure control",
        "",
        f"- Threshold: every published cell has at least {r['min_contributors']} contributing partners, counted",
        "  for that cell and year; a count of partners is never 1 or 2.",
        f"- Dominance (p %-rule, p = {r['p_percent']:g}): the partners other than the two largest contribute at",
        "  least p % of the largest, so no partner can estimate another's figure within ±p %.",
        "- Secondary suppression: a group or category failing either rule is merged into the `other` row",
        "  (and further groups with it until that row passes), so the rows still add up to the `all` row and",
        "  nothing withheld is a difference of published figures. A measure whose total fails is left empty",
        "  in every row of that year (or scope), with the totals it is part of.",
        f"- Every figure is rounded to {r['significant_digits']} significant digits; a row's figures may",
        "  therefore differ from the sum of the rows in the last digit.",
        f"- Medians only for rows of at least {r['min_for_order_statistics']} partners (a median of fewer is",
        "  an individual partner's figure or lies between two).",
        "- Audited with the network's public report of the same year: no partner's figure can be narrowed to",
        "  within ±p % from both publications together (an interval audit); where it could, this package",
        "  prints less of that year (no categories, then only the year's totals, then nothing):",
        f"  {_joint(c)}.",
        f"- Partners reporting in {_years(c)}: {c['partners_in_years']}; without consent (not included):",
        f"  {c['partners_without_consent']}; included: {c['partners_released']}.",
        "",
        *_cite(package),
    ]
    return "\n".join(text)


def render_microdata(package: dict) -> str:
    """The README of a microdata package: confidential, for the holder of one data-use agreement."""
    c = package["disclosure_control"]
    conf_fi, conf_en = pair("research.package.confidential")
    text = [
        "# Päästölaskuri research dataset: pseudonymised microdata",
        "",
        f"**{conf_en.upper()}.** For the holder of data-use agreement `{package['agreement']}` only.",
        "",
        f"**{conf_fi.upper()}.** Vain käyttösopimuksen `{package['agreement']}` haltijalle.",
        "",
        "*Suomeksi:* ilmastokumppaniverkoston kumppanitason tutkimusaineisto. Mukana vain kumppanit, jotka",
        "ovat antaneet luvan tutkimuskäyttöön; kumppanit on nimetty salatulla tunnisteella (pseudonyymi), ja",
        "koko- ja toimialatiedot on karkeistettu niin, että jokaista yhdistelmää jakaa vähintään k",
        "kumppania. Pseudonymisoitu aineisto ei ole anonyymi: älä julkaise tai luovuta sitä eteenpäin.",
        "",
        "## What it is",
        "",
        "Greenhouse-gas footprints (GHG Protocol: Scope 1, Scope 2 location- and market-based, Scope 3;",
        "biogenic CO2 apart) of the partners of a regional climate-partner network who consented to",
        f"research use, one row per partner and year, {_years(c)}. Pseudonymised data are personal or",
        "confidential business data, not anonymous data: keep them as the agreement says, publish only",
        "aggregates that follow the disclosure rules of the aggregate package, and do not redistribute.",
        "",
        _files(package),
        "",
        "## How it was made",
        "",
        *_made(package),
        "- Pseudonyms: HMAC-SHA256 of the partner ID with a secret key held by the coordinator; the same",
        "  partner has the same pseudonym in every year and in later exports until the key is rotated.",
        "  **Rotating the key does not unlink rows**: identical figures join the rows of an old and a new",
        "  export, so treat every export made for an agreement as linkable to every other.",
        "- Quasi-identifiers are taken from each partner's last exported year and generalised step by step",
        "  (base year to a five-year period, bands merged, TOL section to a wide group, then 'all');",
        "  partners still in a group smaller than k are left out.",
        "- Sizes cannot be derived: totals (3 significant digits) stand beside intensity *bands*, never a",
        "  precise intensity; the number of lines, biogenic CO2 and line quantities are bands shared by at",
        "  least k partners (or lines) in a year. With the lines table, a partner-year's number of rows is",
        "  visible.",
        "- **Every figure of a partner carries noise.** All its magnitudes (totals, scopes, categories,",
        "  lines, quantities, biogenic CO2, intensities) are multiplied by one secret factor per partner,",
        "  1 ± 11-22 % (never closer to 1 than 11 %), the same in every year and export (EZS noise, Evans,",
        "  Zayatz & Slanta 1998). A partner's shares, mix and year-on-year changes are exact; its levels",
        "  are not: a line's kg divided by its emission factor is at least 10 % off its quantity. Sums over",
        "  many partners average the noise out; for exact network figures use the aggregate export.",
        "",
        "## Disclosure control",
        "",
        *_microdata_counts(c),
        "",
        "Do not attempt to re-identify partners or link this dataset with other data to do so.",
        "",
        *_cite(package),
    ]
    return "\n".join(text)


def render_readme(package: dict) -> str:
    """The package's README.md from its descriptor (aggregate or microdata)."""
    return render_microdata(package) if package.get("mode") == "microdata" else render_aggregate(package)
