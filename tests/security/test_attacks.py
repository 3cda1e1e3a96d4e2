"""Every attack against every output on the list (outputs.OUTPUTS), on the demo and a 40-partner network.

A test passes when the attack recovers nothing: no partner figure within ±p %, no payload a
spreadsheet would run. A new output is covered by adding it to OUTPUTS.
"""

from __future__ import annotations

import attacks
import outputs
import pytest
from networks import PAYLOADS
from outputs import OUTPUTS

DISCLOSURE_ATTACKS = {
    name: getattr(attacks, name) for name in attacks.AUDIENCES
}  # order_statistics, ratio, differencing, single_contributor, dominance, unique_rows


def _cases():
    for network in ("demo", "net40"):
        for output in OUTPUTS:
            for name, audiences in attacks.AUDIENCES.items():
                if output.audience in audiences:
                    yield pytest.param(network, output, name, id=f"{network}-{name}-{output.name}")


@pytest.mark.parametrize(("network", "output", "attack"), list(_cases()))
def test_attack_recovers_nothing(networks, views, network, output, attack):
    truth = networks[network]
    found = [r for seen in views(network, output) for r in DISCLOSURE_ATTACKS[attack](seen, truth)]
    shown = "\n".join(map(str, found[:8]))
    assert not found, f"{attack} recovered {len(found)} figures from {output.name}:\n{shown}"


@pytest.mark.parametrize("output", [o for o in OUTPUTS if o.files], ids=lambda o: o.name)
def test_no_formula_injection(views, output):
    """Partner text beginning with = + - @ reaches every CSV/XLSX output neutralised (a leading ')."""
    found = [c for seen in views("net40", output) for c in attacks.formula_injection(seen)]
    assert found == [], f"{output.name}: {found[:4]}"


# the file outputs that print partner text (names, sites, notes): every payload must reach them
SHOW_PARTNER_TEXT = (
    "partner workbook",
    "coordinator network workbook",
    "processed CSV tables",
    "calc --format csv",
)


@pytest.mark.parametrize("name", SHOW_PARTNER_TEXT)
def test_every_payload_reaches_the_outputs_that_show_partner_text(views, name):
    """test_no_formula_injection does not pass for want of a payload: each one arrives, neutralised."""
    cells = {c for seen in views("net40", outputs.output(name)) for c in seen.cells}
    assert {"'" + payload for payload in PAYLOADS.values()} <= cells


@pytest.mark.parametrize("output", [o for o in OUTPUTS if o.audience == "public"], ids=lambda o: o.name)
def test_no_count_of_one(views, output):
    found = [c for seen in views("demo", output) for c in attacks.counts_of_one(seen)]
    assert found == []


def test_the_attacks_see_the_coordinators_figures(networks, views):
    """The coordinator's own files name every figure: each attack finds them there (the attacks work)."""
    truth = networks["demo"]
    workbook = views("demo", outputs.output("coordinator network workbook"))[0]
    processed = views("demo", outputs.output("processed CSV tables"))[0]
    recovered = attacks.order_statistics(workbook, truth)
    # 2024 t CO2e per M€ of the 5 partners with revenue: the median is demo-yhdistys's own value
    assert any(
        r.partner == "demo-yhdistys" and r.figure == "t_per_meur" and r.year == 2024 for r in recovered
    )
    assert any(
        r.figure == "employees_fte" and r.partner == "demo-saha" for r in attacks.ratio(processed, truth)
    )
    single = attacks.single_contributor(workbook, truth)
    assert any(r.partner == "demo-saha" and r.figure == "biogenic CO2" for r in single)
