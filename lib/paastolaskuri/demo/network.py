"""Clearly fictional demo partners, written as filled templates by the project's own template writer.

Deterministic for a given seed. Never overwrites a file it did not write itself (a manifest outside
data/raw remembers the hash of every file the demo wrote).
"""

from __future__ import annotations

import hashlib
import json
import random
import zlib
from pathlib import Path
from typing import Any

from paastolaskuri.accounting.factors import pinned_sets
from paastolaskuri.core.errors import EXIT_FAILED, PaastolaskuriError
from paastolaskuri.core.outputs import write_json, write_text
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.commitments import coordinator_csv, network_settings_text, template_commitments
from paastolaskuri.intake.boundary import BoundaryEntry
from paastolaskuri.intake.commitments import COMMITMENTS_CSV, NETWORK_SETTINGS
from paastolaskuri.intake.template import write_template
from paastolaskuri.research.noise import DEMO_PARTNER_PREFIX, demo_noise_key, write_noise_key

DEMO_SOURCE = "Kuvitteellinen demotieto / fictional demo figure"

# archetype -> organisation and the lines of its first year (quantity, unit, quality)
ARCHETYPES: list[dict[str, Any]] = [
    {
        "id": "saha",
        "name": "Kuvitteellinen Saha Oy (demo)",
        "sector": "16101",
        "employees_fte": 48,
        "floor_area_m2": 6200,
        "revenue_eur": 21_000_000,
        "lines": [
            ("Pääsaha", "wood_chips", 5200, "MWh", "measured"),
            ("Pääsaha", "light_fuel_oil", 14000, "l", "measured"),
            ("Piha", "diesel", 38000, "l", "measured"),
            ("Pääsaha", "electricity", 2600, "MWh", "measured"),
            ("Pääsaha", "refrigerant_r410a", 2.5, "kg", "measured"),
            ("Pääsaha", "waste_mixed_incineration", 28, "t", "measured"),
            ("", "commute_car", 310000, "km", "estimated"),
            ("", "spend_appliances_tools", 180000, "EUR", "estimated"),
        ],
    },
    {
        "id": "koodi",
        "name": "Kuvitteellinen Koodipaja Oy (demo)",
        "sector": "62010",
        "employees_fte": 35,
        "floor_area_m2": 900,
        "revenue_eur": 4_200_000,
        "lines": [
            ("Toimisto", "electricity", 95000, "kWh", "measured"),
            ("Toimisto", "district_heat", 110, "MWh", "measured"),
            ("", "flight_short_haul", 42000, "pkm", "estimated"),
            ("", "flight_domestic", 9000, "pkm", "estimated"),
            ("", "travel_train", 26000, "pkm", "estimated"),
            ("", "spend_electronics", 58000, "EUR", "measured"),
            ("", "commute_bus", 48000, "pkm", "estimated"),
            ("", "commute_car", 120000, "km", "estimated"),
        ],
    },
    {
        "id": "koulu",
        "name": "Kuvitteellinen Rantakoulu (demo)",
        "sector": "85",
        "employees_fte": 62,
        "floor_area_m2": 7400,
        "revenue_eur": None,
        "lines": [
            ("Koulu", "district_heat", 880, "MWh", "measured"),
            ("Koulu", "electricity", 310, "MWh", "measured"),
            ("Keittiö", "waste_bio_composting", 9.5, "t", "measured"),
            ("Koulu", "waste_mixed_incineration", 14, "t", "measured"),
            ("Koulu", "water_supply", 5200, "m3", "measured"),
            ("Koulu", "wastewater", 5200, "m3", "measured"),
            ("", "spend_catering_services", 21000, "EUR", "estimated"),
            ("", "commute_car", 160000, "km", "estimated"),
        ],
    },
    {
        "id": "asunto",
        "name": "Asunto Oy Kuvitelma (demo)",
        "sector": "68202",
        "employees_fte": 0.5,
        "floor_area_m2": 5400,
        "revenue_eur": 380_000,
        "lines": [
            ("Talo A", "district_heat", 690, "MWh", "measured"),
            ("Talo B", "district_heat", 540, "MWh", "measured"),
            ("Yhteiset tilat", "electricity", 140000, "kWh", "measured"),
            ("", "water_supply", 9100, "m3", "measured"),
            ("", "wastewater", 9100, "m3", "measured"),
            ("", "waste_mixed_incineration", 22, "t", "estimated"),
            ("", "spend_renovation", 120000, "EUR", "measured"),
        ],
    },
    {
        "id": "kauppa",
        "name": "Kuvitteellinen Kyläkauppa Oy (demo)",
        "sector": "47111",
        "employees_fte": 22,
        "floor_area_m2": 1800,
        "revenue_eur": 9_500_000,
        "lines": [
            ("Myymälä", "electricity", 640, "MWh", "measured"),
            ("Myymälä", "district_heat", 260, "MWh", "measured"),
            ("Pakettiautot", "diesel", 17500, "l", "measured"),
            ("Myymälä", "refrigerant_r404a", 12, "kg", "measured"),
            ("Myymälä", "waste_board_recycling", 38, "t", "measured"),
            ("Myymälä", "waste_bio_composting", 11, "t", "measured"),
            ("Myymälä", "waste_mixed_incineration", 24, "t", "measured"),
            ("", "material_board", 6, "t", "estimated"),
        ],
    },
    {
        "id": "yhdistys",
        "name": "Kuvitteellinen Luontoyhdistys ry (demo)",
        "sector": "94999",
        "employees_fte": 3,
        "floor_area_m2": 160,
        "revenue_eur": 210_000,
        "lines": [
            ("Toimisto", "electricity", 11000, "kWh", "measured"),
            ("Toimisto", "district_heat", 24, "MWh", "measured"),
            ("", "travel_car_petrol", 8200, "km", "measured"),
            ("", "travel_bus_long", 3500, "pkm", "estimated"),
            ("", "spend_paper_print", 4200, "EUR", "measured"),
            ("", "spend_other", 15500, "EUR", "estimated"),
        ],
    },
]

MANIFEST = Path("data") / "demo-manifest.json"
KEPT = {  # a demo file changed since the demo wrote it: someone's edits, never overwritten
    "fi": "demo: {path} on muuttunut demon kirjoittamisen jälkeen: jätetty ennalleen",
    "en": "demo: {path} changed after the demo wrote it: left as it is",
}
# travel and commuting in the pandemic years, as a share of a normal year (a fictional, round shape)
PANDEMIC = {2020: 0.45, 2021: 0.7}


class DemoRefused(PaastolaskuriError):
    """The workspace holds templates the demo did not write: fictional partners must not mix with real ones."""

    exit_code = EXIT_FAILED

    def __init__(self, files: list[str]):
        super().__init__(files)
        self.files = files


def parse_years(text: str) -> list[int]:
    """The years of `--years`: "2022-2024" -> [2022, 2023, 2024], "2022,2024" -> [2022, 2024]."""
    text = str(text).strip()
    if "-" in text:
        a, b = text.split("-", 1)
        return list(range(int(a), int(b) + 1))
    return [int(y) for y in text.split(",")]


# archetype -> its "Rajaus / Boundary" answers (category, status, reason); the others leave the sheet blank
DEMO_BOUNDARY: dict[str, list[tuple[str, str, str]]] = {
    "saha": [
        ("s3_c1", "estimated", ""),
        ("s3_c3", "measured", ""),
        ("s3_c4", "excluded", "Rahtitietoja ei vielä kerätty (demo)"),
        ("s3_c5", "measured", ""),
        ("s3_c7", "estimated", ""),
        ("s3_c11", "not_relevant", ""),
    ],
    "koodi": [
        ("s3_c1", "estimated", ""),
        ("s3_c2", "excluded", "Laitehankinnat ovat luokassa 3.1 (demo)"),
        ("s3_c6", "measured", ""),
        ("s3_c7", "estimated", ""),
        ("s3_c8", "not_relevant", ""),
    ],
}


def demo_boundary(archetype: str) -> list:
    """The demo archetype's boundary answers as BoundaryEntry records (none for most archetypes)."""
    return [BoundaryEntry(c, st, r) for c, st, r in DEMO_BOUNDARY.get(archetype, [])]


def demo_partner(index: int, seed: int) -> dict:
    """The organisation and first-year lines of demo partner number `index` (0-based)."""
    arch = ARCHETYPES[index % len(ARCHETYPES)]
    n = index // len(ARCHETYPES)
    rng = random.Random(zlib.crc32(f"{seed}:{index}".encode()))
    scale = 1.0 if n == 0 else rng.uniform(0.4, 2.5)
    pid = f"{DEMO_PARTNER_PREFIX}{arch['id']}" + (f"-{n + 1}" if n else "")
    name = arch["name"] if n == 0 else arch["name"].replace(" (demo)", f" {n + 1} (demo)")
    org = {k: arch[k] for k in ("sector", "employees_fte", "floor_area_m2", "revenue_eur")}
    for k in ("employees_fte", "floor_area_m2", "revenue_eur"):
        if org[k] is not None:
            org[k] = round(org[k] * scale, 1) if k == "employees_fte" else round(org[k] * scale)
    org.update(partner_id=pid, name=name, contact="demo@example.invalid")
    # research use: most say yes, every 8th says no and every 13th leaves it empty (= no)
    org["research_use"] = "no" if index % 8 == 7 else None if index % 13 == 12 else "yes"
    lines = [
        dict(site=s, activity=a, quantity=q * scale, unit=u, quality=ql) for s, a, q, u, ql in arch["lines"]
    ]
    return {"org": org, "lines": lines, "archetype": arch["id"]}


def partner_year(partner: dict, year: int, first_year: int, seed: int) -> tuple[dict, list[dict]]:
    """The partner's organisation and lines in `year`: a small trend plus noise, and a few real changes."""
    org = dict(partner["org"], year=year, base_year=first_year)
    rng = random.Random(zlib.crc32(f"{seed}:{org['partner_id']}:{year}".encode()))
    k = year - first_year
    # each partner its own pace (-7 % ... +2 % a year) and its own headcount drift (-3 % ... +5 % a year)
    own = random.Random(zlib.crc32(f"{seed}:{org['partner_id']}".encode()))
    pace, growth = own.uniform(0.93, 1.02), own.uniform(0.97, 1.05)
    if org.get("employees_fte") is not None:
        org["employees_fte"] = round(org["employees_fte"] * growth**k, 1)
    lines = []
    for line in partner["lines"]:
        line = dict(line)
        trend = (pace**k) * rng.uniform(0.92, 1.08)
        if year in PANDEMIC and line["activity"].startswith(("flight_", "travel_", "commute_")):
            trend *= PANDEMIC[year]
        q = line["quantity"] * trend
        line["quantity"] = round(q, 1) if q < 100 else round(q)
        lines.append(line)
    arch = partner["archetype"]
    if arch == "koodi" and k >= 1:  # switched to a guarantees-of-origin electricity contract
        for line in lines:
            if line["activity"] == "electricity":
                line["contract"] = "go"
    if arch == "kauppa" and k >= 2:  # replaced an R-404A cooler with a CO2 one
        for line in lines:
            if line["activity"] == "refrigerant_r404a":
                line["activity"] = "refrigerant_r744"
    if arch == "asunto":  # the supplier's own district-heat factor (fictional, and said so)
        for line in lines:
            if line["activity"] == "district_heat":
                line["own_factor"] = round(150.0 - 10.0 * k, 1)  # kg CO2e per MWh, the line's unit
                line["own_factor_source"] = DEMO_SOURCE
    return org, lines


def write_demo(
    workspace: Path | str, *, years: list[int], partners: int = 6, seed: int = 2024, lang: str = "fi"
) -> list[Path]:
    """Write the demo partners' templates for `years` (and the coordinator's demo files); the paths written.

    A template the demo did not write refuses the whole demo (DemoRefused); a demo file edited since
    the demo wrote it is kept as it is.
    """
    ws = Workspace.at(workspace)
    manifest_path = ws.root / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    foreign = [
        p.relative_to(ws.root).as_posix()
        for y in years
        for p in ws.templates(y)
        if p.relative_to(ws.root).as_posix() not in manifest
    ]
    if foreign:
        raise DemoRefused(foreign)
    written = []
    first, last = min(years), max(years)
    partner_ids: dict[str, str] = {}
    for index in range(partners):
        partner = demo_partner(index, seed)
        partner_ids.setdefault(partner["archetype"], partner["org"]["partner_id"])
        commitments = (
            template_commitments(partner["archetype"], first, last) if index < len(ARCHETYPES) else []
        )
        for year in years:
            org, lines = partner_year(partner, year, first, seed)
            out = ws.raw_dir(year) / f"{org['partner_id']}.xlsx"
            rel = out.relative_to(ws.root).as_posix()
            if out.exists():
                digest = hashlib.sha256(out.read_bytes()).hexdigest()
                if manifest.get(rel) != digest:
                    print(KEPT[lang if lang in KEPT else "fi"].format(path=rel))
                    continue
            boundary = demo_boundary(partner["archetype"])
            write_template(
                out, lang=lang, organisation=org, lines=lines, commitments=commitments, boundary=boundary
            )
            manifest[rel] = hashlib.sha256(out.read_bytes()).hexdigest()
            written.append(out)
    coordinator_files = {
        COMMITMENTS_CSV: coordinator_csv(partner_ids, first),
        NETWORK_SETTINGS: network_settings_text(),
    }
    for rel_path, text in coordinator_files.items():
        if text is not None:
            _write_demo_file(ws, manifest, rel_path.as_posix(), text, lang)
    write_json(manifest_path, dict(sorted(manifest.items())))
    pin_early_years(ws, years)
    # the demo's public noise key, so its microdata export gives the same package on every machine
    # (a random key refuses the 6-partner demo's microdata about 4 times in 10: decisions 100)
    write_noise_key(ws.root, demo_noise_key())
    return written


def _write_demo_file(ws: Workspace, manifest: dict, rel: str, text: str, lang: str) -> None:
    """A coordinator file of the demo: written when absent or still as the demo wrote it, else kept."""
    out = ws.root / rel
    if out.exists() and manifest.get(rel) != hashlib.sha256(out.read_bytes()).hexdigest():
        print(KEPT[lang if lang in KEPT else "fi"].format(path=rel))
        return
    write_text(out, text)
    manifest[rel] = hashlib.sha256(out.read_bytes()).hexdigest()


def pin_early_years(ws: Workspace, years: list[int]) -> Path | None:
    """Demo years before the first year with a factor set use that set, pinned in the workspace's years.csv.

    The project ships sets from 2022 on; a demo over 2019-2024 needs 2019-2021 pinned too. The earliest
    shipped set stands in (its name shows in every result), and only in a workspace's own
    data/factors/years.csv that does not exist yet: an existing file is never rewritten.
    """
    pins = pinned_sets(ws.root)
    missing = [y for y in sorted(years) if pins and y < min(pins)]
    if not missing:
        return None
    path = ws.root / "data" / "factors" / "years.csv"
    if path.exists():
        print(f"demo: no factor set pinned for {missing}: add them to {path}")
        return None
    earliest = pins[min(pins)]
    write_text(path, "year,factor_set\n" + "".join(f"{y},{earliest}\n" for y in missing))
    return path
