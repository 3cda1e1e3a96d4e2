"""Attacks that need a change of the workspace: a late partner, withdrawn consent, --force, data/raw, key rotation.

Each starts from a copy of the demo network (tests/security/conftest.py) so the session's copy stays
as built. The research microdata interface (`--microdata --agreement ID`) is issue 18's.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import attacks
import pandas as pd
import pytest
from networks import YEARS, Truth, process_year
from outputs import AGREEMENT, Seen, output, read_package, run_cli

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.network import demo_partner, partner_year
from paastolaskuri.intake.template import write_template
from paastolaskuri.reporting.network_report import public_year_figures, record_publication
from paastolaskuri.research.pseudonyms import load_or_create_key, pseudonym

MICRODATA = ["--microdata", "--agreement", AGREEMENT]


@pytest.fixture
def demo(networks, tmp_path):
    """A private copy of the demo network's workspace."""
    root = tmp_path / "ws"
    shutil.copytree(networks["demo"].root, root)
    return root


def _export(root, out, *args) -> tuple[int, str]:
    code, _, err = run_cli(["export", "research", "--workspace", str(root), "--out", str(out), *args])
    return code, err


# --- (c) two publications of one year -----------------------------------------------------------------
# the public outputs read before and after a late partner's template arrives (test_a_late_partner_...)
LATE_OUTPUTS = ("public network report (HTML)", "public network workbook", "public network actions section")


@dataclass(frozen=True)
class TwoPublications:
    """2024 published while `late`'s template was late, then again once it arrived: each output as read."""

    late: pd.Series  # the late partner's true 2024 row (processed once it arrived)
    before: dict[str, Seen]
    after: dict[str, Seen]


def publish_with_a_late_partner(network: Path, work: Path, late_id: str) -> TwoPublications:
    """As `run` publishes: 2024 without `late_id`'s template, its ledger kept, then 2024 with it.

    A copy of `network` under `work`; every output of LATE_OUTPUTS read from both publications (the
    reading changes nothing in the workspace, so one scenario serves every output).
    """
    root = work / "ws"
    shutil.copytree(network, root)
    raw = root / "data" / "raw" / "2024" / f"{late_id}.xlsx"
    waiting = work / "late.xlsx"
    shutil.move(raw, waiting)
    shutil.rmtree(root / "data" / "processed" / "2024")
    process_year(root, 2024)
    before = {name: _read(root, name, work / "before") for name in LATE_OUTPUTS}
    assert record_publication(Workspace.at(root), 2024) is not None
    shutil.move(waiting, raw)
    process_year(root, 2024)
    after = {name: _read(root, name, work / "after") for name in LATE_OUTPUTS}
    year = Truth.read(root).year(2024)
    return TwoPublications(year[year["partner_id"] == late_id].iloc[0], before, after)


def _read(root: Path, name: str, scratch: Path) -> Seen:
    return output(name).load(root, 2024, _folder(scratch / name.replace(" ", "-")))[0]


@pytest.fixture(scope="module")
def late_publications(networks, tmp_path_factory):
    """late_publications(partner_id) -> TwoPublications, built once per late partner for the module."""
    built: dict[str, TwoPublications] = {}

    def get(late_id: str) -> TwoPublications:
        if late_id not in built:
            work = tmp_path_factory.mktemp(f"late-{late_id}")
            built[late_id] = publish_with_a_late_partner(networks["demo"].root, work, late_id)
        return built[late_id]

    return get


@pytest.mark.parametrize("name", LATE_OUTPUTS)
@pytest.mark.parametrize("late_id", ["demo-yhdistys", "demo-kauppa"])  # 0.5 % and 15 % of the total
def test_a_late_partner_is_not_the_difference_of_two_publications(late_publications, name, late_id):
    """2024 published while one partner's template is late, then again once it arrived (as `run`
    publishes: the first publication's ledger is kept): no difference bounds its figures within ±p %."""
    two = late_publications(late_id)
    found = attacks.publication_difference(two.before[name], two.after[name], two.late)
    assert found == [], "\n".join(map(str, found[:5]))


def test_a_held_back_partner_changes_no_action_figure(late_publications):
    """A late partner kept out of the emission figures is kept out of the actions section too: its
    avoided tonnes would otherwise be the difference of two publications (84,5 - 71,1 = 13,4 t)."""
    two = late_publications("demo-kauppa")
    name = "public network actions section"
    before, after = two.before[name], two.after[name]
    assert before.numbers and sorted(after.numbers) == sorted(before.numbers)


def _folder(path):
    path.mkdir(parents=True)
    return path


# --- (f) consent withdrawn in a newest template that does not validate ---------------------------------------
def _withdraw_with_typo(root, index: int = 0, year: int = 2025) -> str:
    """demo partner `index` says "no" in a `year` template with a typo in a quantity (never run)."""
    partner = demo_partner(index, 2024)
    org, lines = partner_year(partner, year, min(YEARS), 2024)
    org["research_use"] = "no"
    lines[0] = dict(lines[0], quantity="12O0")  # a letter O for a zero: the template does not validate
    write_template(
        root / "data" / "raw" / str(year) / f"{org['partner_id']}.xlsx", organisation=org, lines=lines
    )
    return org["partner_id"]


@pytest.mark.parametrize("mode", [[], MICRODATA], ids=["aggregate", "microdata"])
def test_withdrawn_consent_in_an_invalid_newest_template_counts(demo, tmp_path, mode):
    pid = _withdraw_with_typo(demo)
    code, err = _export(demo, tmp_path / "out", *mode)
    assert code == 0, err
    key, _ = load_or_create_key(demo)
    package = Seen("research package", "public", 2024)
    for path in sorted((tmp_path / "out").glob("*.csv")):
        package.add_csv(path)
    assert not any(pseudonym(key, pid) in cell for cell in package.cells)
    # nor its figures: none of the withdrawn partner's totals, in any year, at the published precision
    truth = Truth.read(demo)
    totals = truth.partners.loc[truth.partners["partner_id"] == pid, "kg_total_market"] / 1000.0
    numbers = attacks.precise_numbers(package)
    assert [t for t in totals if any(attacks.at_precision(t, v, d) for v, d in numbers)] == []


# --- (g) --force into an earlier package, an unrelated folder, data/raw -------------------------------------------
def test_force_into_an_earlier_package_leaves_no_stale_table(demo, tmp_path):
    out = tmp_path / "pkg"
    code, err = _export(demo, out, *MICRODATA, "--lines")
    assert code == 0, err
    assert (out / "lines.csv").is_file()
    code, err = _export(demo, out, "--force")
    assert code == 0, err
    listed = {r["path"] for r in json.loads((out / "datapackage.json").read_text())["resources"]}
    stale = sorted(p.name for p in out.iterdir() if p.suffix in (".csv", ".parquet") and p.name not in listed)
    assert stale == []


def test_force_refuses_a_folder_that_is_not_a_package(demo, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "README.md").write_text("my own notes\n")
    code, _ = _export(demo, out, "--force")
    assert code != 0
    assert (out / "README.md").read_text() == "my own notes\n"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_nothing_is_written_under_data_raw(demo, force):
    out = demo / "data" / "raw" / "2024" / "export"
    code, _ = _export(demo, out, *force)
    assert code != 0
    assert not out.exists()


# --- (i) key rotation ---------------------------------------------------------------------------------------
def test_rotating_the_key_is_documented_not_to_unlink(demo, tmp_path):
    """Rows of a rotated export join the old one on their figures; the package says so (not anonymous)."""
    assert _export(demo, tmp_path / "old", *MICRODATA)[0] == 0
    assert _export(demo, tmp_path / "new", *MICRODATA, "--rotate-key")[0] == 0
    old, new = (read_package(tmp_path / n, "research microdata", "researcher", 2024) for n in ("old", "new"))
    assert not set(_pseudonyms(old)) & set(_pseudonyms(new))  # the key was rotated
    links = attacks.rotated_key_links(old, new)
    assert links > 0  # by design: the figures are the same rows
    readme = (tmp_path / "new" / "README.md").read_text(encoding="utf-8")
    assert "not anonymous" in readme


def _pseudonyms(package: Seen) -> list[str]:
    return [p for t in package.tables if "pseudonym" in t for p in t["pseudonym"].astype(str)]


def test_a_scope_the_public_report_merges_is_merged_in_the_research_tables_too(demo, tmp_path):
    """On the demo, Scope 1 has two contributors: the public report prints "Scope 1 + Scope 3" as one
    row. Had the research package printed Scope 3 (or its categories) alone, Scope 1 would be their
    difference (783 - 440 = 343 t, the sawmill's within 1 %, once the other partner subtracts its own)."""
    merged = public_year_figures(Workspace.at(demo), 2024).scopes.merged
    assert set(merged) == {"scope1", "scope3"}
    code, err = _export(demo, tmp_path / "out")
    assert code == 0, err
    groups = pd.read_csv(tmp_path / "out" / "group_totals.csv")
    categories = pd.read_csv(tmp_path / "out" / "category_totals.csv")
    year = groups[groups["year"] == 2024]
    assert not year.empty and year["t_scope2_market"].notna().any()  # what may be printed is printed
    for column in ("t_scope1", "t_scope3", "t_total_market", "t_total_location"):
        assert year[column].isna().all(), column
    assert sorted(categories.loc[categories["year"] == 2024, "scope"].unique()) == [2]


def _aggregate_numbers(root, out) -> list:
    code, err = _export(root, out, "--force")
    assert code == 0, err
    seen = Seen("research package", "public", 2024)
    for path in sorted(out.glob("*.csv")):
        seen.add_csv(path)
    return sorted(seen.numbers)


def test_two_research_packages_of_a_year_do_not_differ_by_a_late_partner(demo, tmp_path):
    """demo-kauppa's template arrives after a package was exported: the next package covers the same
    partners (the research ledger), or its Scope 2 would be the difference (2 430 - 2 030 = 400 t)."""
    shutil.rmtree(demo / "data" / "publications", ignore_errors=True)  # no package exported before
    raw = demo / "data" / "raw" / "2024" / "demo-kauppa.xlsx"
    waiting = tmp_path / "late.xlsx"
    shutil.move(raw, waiting)
    shutil.rmtree(demo / "data" / "processed" / "2024")
    process_year(demo, 2024)
    before = _aggregate_numbers(demo, tmp_path / "pkg")
    shutil.move(waiting, raw)
    process_year(demo, 2024)
    after = _aggregate_numbers(demo, tmp_path / "pkg")
    # the second package prints nothing the first did not: the same partners, and where the public
    # report (which now holds demo-kauppa) minus a research figure would give demo-kauppa away, the
    # joint audit with the public report withholds that research figure (research.joint_audit)
    assert before and after and set(after) <= set(before)
    meta = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["disclosure_control"]["partners_held_back_since_the_last_package"] == {"2024": 1}


def test_a_research_package_after_a_withdrawal_withholds_the_year(demo, tmp_path):
    """A partner withdraws consent after a package: the year's new figures minus the old would be its
    own, so the year is withheld (the old package cannot be recalled; the new one adds nothing)."""
    _aggregate_numbers(demo, tmp_path / "pkg")
    pid = _withdraw_with_typo(demo)
    _aggregate_numbers(demo, tmp_path / "pkg")
    groups = pd.read_csv(tmp_path / "pkg" / "group_totals.csv")
    assert groups["year"].tolist() == []  # every year had the withdrawn partner
    meta = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    control = meta["disclosure_control"]
    # here the partner left out is alone, so the public report's difference withholds the years first
    withheld = (
        control["years_withheld_for_the_partners_left_out"] + control["years_withheld_since_the_last_package"]
    )
    assert sorted(withheld) == [2022, 2023, 2024]
    assert pid == "demo-saha"
