"""The microdata's noise against the exact public figures (issue 18, h18c).

A researcher holds the microdata (every magnitude of a partner times one secret factor f, the same in
every year and figure) and the public figures (the network report, the aggregate research tables).
Two attacks (`attacks.py`): the complement (a public cell minus the other contributors' noisy figures)
and the linear system over every public figure of the years (the factors' feasible intervals by LP,
`lsq_linear` for a point estimate). Success: a partner's side of the noise known with certainty
(then every figure of it within about ±5 %), or a figure within ±p %.

On today's code before the fix (commit 4a8b807, a fresh workspace each time, so a new noise key):
the demo (6 partners, all consenting, 2022-2024) gave 31 complement recoveries and 5 of 6 sides by
LP (least squares: 6 of 6 signs right); the 40-partner network (8 partners without consent, its
aggregate years withheld) gave nothing, since every public cell holds partners the microdata lacks.
The export now audits itself (`research.microdata_audit`) and withholds partners until neither attack
can work; with the audit switched off the complement recovers a hand-built dominant partner (the
tests bite; the demo's figures above were measured with the same functions, kept out of the suite
for its time: a private copy of the demo and its exports cost about 10 s).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from attacks import complement, factor_attack, researcher_equations, true_factors
from networks import YEARS
from outputs import output

from paastolaskuri.cli import main
from paastolaskuri.core.errors import EXIT_FAILED
from paastolaskuri.core.i18n import by_lang
from paastolaskuri.disclosure import rules
from paastolaskuri.research import package
from paastolaskuri.research.noise import noise_key_path
from paastolaskuri.research.package import ExportRefused, export_research
from unit.research.network import partner, write_year

FIXED_NOISE_KEY = "5a" * 32  # a fixed key: the same factors in every run (the workspace draws one)


def _no_audit(monkeypatch) -> None:
    """The microdata export as it was before the audit: every consenting partner released."""
    monkeypatch.setattr(
        package,
        "audited_microdata",
        lambda ws, years, key, k, with_lines: package.build_tables(ws, years, key, k, with_lines),
    )


def _copy_with_key(source, target):
    """A private copy of a network's workspace (the session's copy is shared) with FIXED_NOISE_KEY."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("reports", ".paastolaskuri"))
    path = noise_key_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FIXED_NOISE_KEY + "\n", encoding="ascii")
    return target


def _researcher(root, out, years, audited: bool, aggregate: bool = True) -> tuple[list, list, dict]:
    """(complement recoveries, LP recoveries, export counts) for the microdata of `root` beside the
    public report (and the aggregate package) of the same years."""
    with pytest.MonkeyPatch.context() as mp:
        if not audited:
            _no_audit(mp)
        result = export_research(root, years, out / "micro", microdata=True, agreement="T-1")
    if aggregate:
        export_research(root, years, out / "aggregate")
    equations = researcher_equations(root, out / "micro", years, out / "aggregate" if aggregate else None)
    factors = true_factors(root, {p for eq in equations for p in eq.true})
    return complement(equations, factors), factor_attack(equations, factors), result.counts


def _package(seen: list) -> Path:
    """The folder of a research package loaded by the suite's `views` (the export is made once)."""
    return seen[0].files[0].parent


@pytest.mark.parametrize("network", ["demo", "net40"])
def test_the_audited_microdata_gives_no_partner_away(networks, views, network):
    """The suite's own microdata and aggregate packages (whatever the noise key: the audit must hold
    for any). The 40-partner network's aggregate package withholds every year (its 8 partners without
    consent do not form a publishable cell), so only the public report stands beside its microdata."""
    truth = networks[network]
    micro = _package(views(network, output("research microdata package")))
    aggregate = _package(views(network, output("research aggregate package"))) if network == "demo" else None
    equations = researcher_equations(truth.root, micro, YEARS, aggregate)
    factors = true_factors(truth.root, {p for eq in equations for p in eq.true})
    found = complement(equations, factors) + factor_attack(equations, factors)
    assert found == [], "\n".join(map(str, found[:8]))
    counts = json.loads((micro / "datapackage.json").read_text(encoding="utf-8"))["disclosure_control"]
    consenting = counts["partners_in_years"] - counts["partners_without_consent"]
    kept_out = counts["partners_withheld_by_the_public_audit"] + counts["partners_suppressed"]
    assert counts["partners_released"] + kept_out == consenting


# A hand-built year: e is 75 % of every cell (it passes the p %-rule: the others less the second
# largest are 9 000 of e's 36 000, over 10 %); a-d are 3 000 each.
YEAR = 2024
DOMINANT = [partner(p, x=1_000.0) for p in "abcd"] + [partner("e", x=12_000.0)]


def _dominant(tmp_path, audited: bool):
    write_year(tmp_path / "ws", YEAR, DOMINANT)
    noise_key_path(tmp_path / "ws").parent.mkdir(parents=True, exist_ok=True)
    noise_key_path(tmp_path / "ws").write_text(FIXED_NOISE_KEY + "\n", encoding="ascii")
    return _researcher(tmp_path / "ws", tmp_path, [YEAR], audited)


def test_a_dominant_partner_is_its_cells_minus_the_others_noisy_figures(tmp_path):
    found_complement, _, counts = _dominant(tmp_path, audited=False)
    assert counts["partners_released"] == 5
    assert {r.partner for r in found_complement} == {"e"}
    # the public total minus a-d's noisy totals (each within the noise hull) bounds e's factor g on
    # one side of the noise: every figure of e then within about ±5 %
    assert ("noise side", f"{YEAR} total market-based") in {(r.figure, r.how) for r in found_complement}


def test_the_audit_withholds_the_dominant_partner_and_enough_others(tmp_path):
    found_complement, found_lp, counts = _dominant(tmp_path, audited=True)
    assert found_complement == [] and found_lp == []
    readme = (tmp_path / "micro" / "README.md").read_text(encoding="utf-8")
    withheld = counts["partners_withheld_by_the_public_audit"]
    assert withheld >= 2  # e, and one of a-d: else e is the public cell minus the others' noisy figures
    assert f"Partners withheld to make it so: {withheld}." in readme
    assert counts["partners_released"] == 5 - withheld


# three partners with different mixes: the scope and category cells are three independent equations in
# their three factors (each cell passes the rules: the smallest is over 10 % of the largest)
PINNED = [
    partner(
        "a",
        lines=[
            (1, "s1_mobile", "direct", 1000.0),
            (2, "s2_electricity", "market", 5000.0),
            (3, "s3_c1", "direct", 2000.0),
        ],
    ),
    partner(
        "b",
        lines=[
            (1, "s1_mobile", "direct", 4000.0),
            (2, "s2_electricity", "market", 1000.0),
            (3, "s3_c1", "direct", 3000.0),
        ],
    ),
    partner(
        "c",
        lines=[
            (1, "s1_mobile", "direct", 2000.0),
            (2, "s2_electricity", "market", 3000.0),
            (3, "s3_c1", "direct", 6000.0),
        ],
    ),
]


def test_an_export_whose_every_partner_is_pinned_is_refused(tmp_path):
    """The public cells pin every factor; withholding one leaves two, under k: nothing can be released."""
    write_year(tmp_path / "ws", YEAR, PINNED)
    with pytest.raises(ExportRefused) as refused:
        export_research(tmp_path / "ws", [YEAR], tmp_path / "micro", microdata=True, agreement="T-1")
    assert refused.value.code == "microdata_audit_failed"
    assert not (tmp_path / "micro" / "partner_years.csv").exists()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_refusal_is_told_in_the_users_language(tmp_path, capsys, lang):
    write_year(tmp_path / "ws", YEAR, PINNED)
    argv = ["export", "research", "--workspace", str(tmp_path / "ws"), "--out", str(tmp_path / "m")]
    code = main([*argv, "--microdata", "--agreement", "T-1", "--lang", lang])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED and "Traceback" not in err
    expected = by_lang("research.cli")["microdata_audit_failed"][lang].format(withheld=1, p=rules.P_PERCENT)
    assert err.strip() == expected.strip()
    assert f"±{rules.P_PERCENT} %" in err


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "held back by the audit against the public figures {n}, k = 3)"),
        ("fi", "jätetty pois julkisten lukujen tarkastuksessa {n}, k = 3)"),
    ],
)
def test_the_command_says_how_many_partners_the_audit_held_back(tmp_path, capsys, lang, said):
    write_year(tmp_path / "ws", YEAR, DOMINANT)
    noise_key_path(tmp_path / "ws").parent.mkdir(parents=True, exist_ok=True)
    noise_key_path(tmp_path / "ws").write_text(FIXED_NOISE_KEY + "\n", encoding="ascii")
    argv = ["export", "research", "--workspace", str(tmp_path / "ws"), "--out", str(tmp_path / "m")]
    assert main([*argv, "--microdata", "--agreement", "T-1", "--lang", lang]) == 0
    meta = json.loads((tmp_path / "m" / "datapackage.json").read_text(encoding="utf-8"))
    held = meta["disclosure_control"]["partners_withheld_by_the_public_audit"]
    assert held >= 2  # e, and one of a-d (test_the_audit_withholds_the_dominant_partner_and_enough_others)
    assert said.format(n=held) in capsys.readouterr().out
