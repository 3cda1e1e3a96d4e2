"""The demo partners' climate commitments: fictional, chosen so the demo shows every tracking status.

With the default demo (6 partners, 2022-2024, seed 2024):

- koodi (software house): Scope 1+2 market-based -30 % by 2030; it moved to guarantees of origin in
  its second year, so the target is *achieved*; its action "all electricity with guarantees of
  origin" is supported by the data;
- asunto (housing company): Scope 1+2 market-based -50 % by 2035; its heat supplier's own factor
  falls each year: *on track*;
- saha (sawmill): Scope 1+2+3 -60 % by its third year's next year: *behind*; its action "no light
  fuel oil from the second year" is contradicted by the lines;
- koulu (school): a target whose base year precedes the demo years: *no data*;
- yhdistys (association): actions only (one done, one planned);
- kauppa (village shop): Scope 1 -40 % by 2030 per FTE, signed outside the template: it comes from
  the coordinator's data/commitments.csv.

The demo also writes a fictional city target to data/network.json. Both coordinator files are
written only when absent or still exactly as the demo wrote them (the demo manifest records them).
"""

from __future__ import annotations

import json

from paastolaskuri.core.outputs import records_csv_text
from paastolaskuri.intake.commitment_schema import COLUMN_KEYS

CITY_TARGET = {
    "fi": "Kuvitteellinen demokaupunki: päästöt −80 % vuoteen 2030 mennessä vuodesta 2007 (demo)",
    "en": "A fictional demo city: emissions −80 % by 2030 from 2007 (demo)",
    "year": 2030,
}


def template_commitments(archetype: str, first: int, last: int) -> list[dict]:
    """The commitments a demo partner writes on its own template (the same in every demo year)."""
    rows = {
        "koodi": [
            dict(
                commitment_id="T1",
                kind="target",
                coverage="scope12_market",
                metric="absolute",
                base_year=first,
                target_year=2030,
                reduction_pct=30,
                description="Päästöjä puolet vähemmän sähköstä ja lämmöstä (demo)",
            ),
            dict(
                commitment_id="A1",
                kind="action",
                description="Kaikki sähkö alkuperätakuin (demo)",
                due=first + 1,
                status="done",
                link_activity="electricity",
                link_rule="go_share",
                link_value=100,
                link_from=first + 1,
            ),
        ],
        "asunto": [
            dict(
                commitment_id="T1",
                kind="target",
                coverage="scope12_market",
                metric="absolute",
                base_year=first,
                target_year=2035,
                reduction_pct=50,
                milestones=((2030, 30.0),),
            ),
        ],
        "saha": [
            dict(
                commitment_id="T1",
                kind="target",
                coverage="scope123",
                metric="absolute",
                base_year=first,
                target_year=last + 1,
                reduction_pct=60,
                compensated_t=100,
            ),
            dict(
                commitment_id="A1",
                kind="action",
                description="Luovutaan kevyestä polttoöljystä (demo)",
                due=first + 1,
                status="in_progress",
                link_activity="light_fuel_oil",
                link_rule="zero",
                link_from=first + 1,
            ),
        ],
        "koulu": [
            dict(
                commitment_id="T1",
                kind="target",
                coverage="scope123",
                metric="per_m2",
                base_year=first - 3,
                target_year=2030,
                reduction_pct=40,
            ),
        ],
        "yhdistys": [
            dict(
                commitment_id="A1",
                kind="action",
                description="Etäkokoukset ensisijaisiksi (demo)",
                due=first,
                status="done",
            ),
            dict(
                commitment_id="A2",
                kind="action",
                description="Toimiston valaistus LED-valoiksi (demo)",
                due=last + 1,
                status="planned",
            ),
        ],
    }
    return [dict(r, milestones=r.get("milestones", ())) for r in rows.get(archetype, [])]


def coordinator_csv(partner_ids: dict[str, str], first: int) -> str | None:
    """data/commitments.csv for the commitments signed outside the template (the shop's), or None."""
    pid = partner_ids.get("kauppa")
    if pid is None:
        return None
    rows = [
        dict(
            partner_id=pid,
            commitment_id="T1",
            kind="target",
            coverage="scope1",
            metric="per_fte",
            base_year=first,
            target_year=2030,
            reduction_pct=40,
            description="Kylmäaineet ja pakettiautot (demo, allekirjoitettu verkoston tilaisuudessa)",
        ),
    ]
    return commitments_csv(rows)


def commitments_csv(rows: list[dict]) -> str:
    """The text of a data/commitments.csv holding `rows` (dicts by column key), each value an `outputs.csv_field`."""
    return records_csv_text(["partner_id", *COLUMN_KEYS], rows)


def network_settings_text() -> str:
    """data/network.json of the demo: the fictional city target."""
    return json.dumps({"city_target": CITY_TARGET}, ensure_ascii=False, indent=2) + "\n"
