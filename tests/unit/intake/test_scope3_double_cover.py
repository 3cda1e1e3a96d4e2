"""`check` warns when a manual category-3 line covers energy whose upstream the set already derives."""

from __future__ import annotations

from pathlib import Path

from helpers import CliRun, run_cli


def WS(path):
    return ("--workspace", str(path))


HEADER = "site,activity,quantity,unit,quality,own_factor,own_factor_source,contract,note\n"


def check(tmp_path: Path, rows: str, factor_set: str = "fi-2024-r1") -> CliRun:
    # a workspace pinning 2024 to a set that derives T&D losses (r1 has el.td_loss; r2 leaves T&D out)
    (tmp_path / "data" / "factors").mkdir(parents=True, exist_ok=True)
    (tmp_path / "reports").mkdir(exist_ok=True)
    (tmp_path / "data" / "factors" / "years.csv").write_text(f"year,factor_set\n2024,{factor_set}\n")
    path = tmp_path / "c3.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return run_cli(["check", str(path), *("--year", "2024", "--lang", "en"), *WS(tmp_path)], tmp_path)


def test_manual_td_loss_beside_electricity_of_the_same_site_warns(tmp_path):
    proc = check(
        tmp_path,
        "Office,electricity,10000,kWh,measured,,,,\nOffice,c3_td_loss,10000,kWh,measured,0.005,Grid operator,,\n",
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0  # a warning, not an error
    assert (
        f"{tmp_path / 'c3.csv'}: csv!B3: warning: Transmission and distribution losses (own factor) covers the same "
        "emissions (td_loss) as row 2 electricity, for which the factor set already derives them: remove one so "
        "they are not counted twice"
    ) in out


def test_manual_fuel_wtt_beside_a_scope1_fuel_warns_by_category(tmp_path):
    proc = check(
        tmp_path, ",light_fuel_oil,1000,l,measured,,,,\n,c3_wtt_fuels,1000,l,measured,0.6,Supplier,,\n"
    )
    assert (
        "csv!B3: warning: Well-to-tank of own fuels (own factor) covers the same emissions (wtt) as row 2"
        in (proc.stdout + proc.stderr)
    )


def test_no_warning_for_other_sites_or_energy_without_a_derived_line(tmp_path):
    # different sites: different energy; district cooling has no derived well-to-tank in the set
    proc = check(
        tmp_path,
        "Office,electricity,10000,kWh,measured,,,,\n"
        "Abroad,c3_td_loss,5000,kWh,measured,0.01,Supplier,,\n"
        ",district_cooling,100,MWh,measured,50,Supplier,,\n"
        ",c3_other,100,kg,measured,1,Supplier,,\n",
    )
    assert "warning:" not in proc.stdout + proc.stderr and "0 errors, 0 warnings" in proc.stdout + proc.stderr


def test_each_manual_line_names_the_first_covered_line_its_site_allows(tmp_path):
    # two manual T&D lines of the same activity, on different sites: each is matched to the first
    # electricity line in file order whose site does not differ from its own (row 2 is Mill's, row 3 has
    # no site, so Office's manual line points at row 3 and Mill's at row 2)
    proc = check(
        tmp_path,
        "Mill,electricity,5000,kWh,measured,,,,\n"
        ",electricity,2000,kWh,measured,,,,\n"
        "Office,c3_td_loss,1000,kWh,measured,0.005,Grid operator,,\n"
        "Mill,c3_td_loss,5000,kWh,measured,0.005,Grid operator,,\n",
    )
    out = proc.stdout + proc.stderr
    assert (
        "csv!B4: warning: Transmission and distribution losses (own factor) covers the same emissions (td_loss) as row 3 electricity"
        in out
    )
    assert (
        "csv!B5: warning: Transmission and distribution losses (own factor) covers the same emissions (td_loss) as row 2 electricity"
        in out
    )
    assert out.count("warning:") == 2


def _by_definition(lines, coef, catalogue):
    """The rule as docs/method.md states it, one manual line against every other line (quadratic)."""
    with_factor = coef[coef["factor_id"] != ""]
    derived = set(zip(with_factor["activity"], with_factor["basis"], strict=True))
    found = []
    for rec in lines.itertuples():
        manual = catalogue.activities.get(rec.activity)
        if manual is None or not manual.covers:
            continue
        for other in lines.itertuples():
            activity = catalogue.activities.get(other.activity)
            if (
                other.Index == rec.Index
                or activity is None
                or (rec.site and other.site and rec.site != other.site)
            ):
                continue
            covered = [
                basis
                for basis, _, target in (c.partition(":") for c in manual.covers)
                if target in (activity.key, activity.category.code) and (activity.key, basis) in derived
            ]
            if covered:
                found.append((rec.row, other.row, covered[0]))
                break
    return found


def test_the_linear_check_finds_what_the_definition_finds_on_a_mixed_file():
    import random

    import pandas as pd

    from paastolaskuri.accounting.catalogue import load_catalogue
    from paastolaskuri.accounting.coefficients import build_coefficients
    from paastolaskuri.accounting.factors import find_factor_set
    from paastolaskuri.intake.scope3_checks import double_cover_problems

    catalogue = load_catalogue()
    coef = build_coefficients(find_factor_set("fi-2024-r1"), catalogue=catalogue)
    rng = random.Random(7)
    kinds = [
        "electricity",
        "c3_td_loss",
        "light_fuel_oil",
        "c3_wtt_fuels",
        "district_heat",
        "diesel",
        "c3_other",
    ]
    lines = pd.DataFrame(
        {
            "row": range(7, 7 + 400),
            "activity": [rng.choice(kinds) for _ in range(400)],
            "site": [rng.choice(["", "", "Mill", "Office", "Depot"]) for _ in range(400)],
        }
    )
    expected = _by_definition(lines, coef, catalogue)
    got = [
        (int(p.cell[1:]), p.params["row"], p.params["basis"])
        for p in double_cover_problems("f.csv", "csv", "B", lines, coef, catalogue)
    ]
    assert got == expected
    assert len(expected) > 50  # the file really has manual lines beside covered ones, on mixed sites
