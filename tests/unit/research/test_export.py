import datetime as dt
import json
import shutil
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers import VENV_BIN
from paastolaskuri.cli import main
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.research.disclosure import (
    AREA_BANDS,
    FTE_BANDS,
    REVENUE_BANDS,
    band,
    base_year_group,
    sector_group,
)
from paastolaskuri.research.package import ExportRefused, export_research
from paastolaskuri.research.pseudonyms import load_or_create_key, pseudonym
from paastolaskuri.research.synthetic import write_synthetic_network

YEARS = [2022, 2023, 2024]


def _edit_partners(ws: Workspace, year: int, edit) -> None:
    """Change the processed partners table of a year (CSV and Parquet) with `edit(frame)`."""
    from paastolaskuri.core.outputs import write_csv
    from paastolaskuri.reporting.processed_schema import read_year_table, write_parquet

    d = ws.processed_dir(year)
    frame = read_year_table(d, "partners")
    edit(frame)
    write_csv(d / "partners.csv", frame)
    write_parquet(d / "partners.parquet", frame, "partners")


NEVER_CONSENTED = ["synthetic-00000", "synthetic-00003", "synthetic-00004", "synthetic-00005"]


@pytest.fixture(scope="module")
def built_network(tmp_path_factory):
    """The 30-partner synthetic network with its consents, written once for the module (≈ 1 s)."""
    ws = write_synthetic_network(tmp_path_factory.mktemp("network") / "ws", 30, YEARS, seed=7)

    def consent_all(frame):
        frame["research_use"] = True
        # never consented: four partners, so that together they form a publishable cell (else the
        # aggregate tables of the year would be withheld: public figure - research figure = theirs)
        frame.loc[frame["partner_id"].isin(NEVER_CONSENTED), "research_use"] = False
        frame.loc[frame["partner_id"] == "synthetic-00002", "sector"] = "01110"  # the only farm
        frame.loc[frame["partner_id"] == "synthetic-00002", "section"] = "A"

    for year in YEARS:
        _edit_partners(ws, year, consent_all)
    return ws


@pytest.fixture
def network(built_network, tmp_path):
    """A copy of the module's network for one test: tests withdraw consent, rotate the key, log exports."""
    return Workspace.at(shutil.copytree(built_network.root, tmp_path / "ws", symlinks=True))


@pytest.fixture
def without_joint_audit(monkeypatch):
    """The aggregate export here for its files and consent only: the joint audit with the public report
    costs about 10 s per export on this 30-partner network and is tested in
    tests/security/test_research_joint.py and tests/unit/research/test_aggregate.py."""
    from paastolaskuri.research import joint_audit

    monkeypatch.setattr(joint_audit, "audit_year", lambda *args: (0, None))


def _compatible(released: pd.Series, truth: pd.Series) -> bool:
    options = {
        "sector_group": {sector_group(truth["section"], lv) for lv in (0, 1, 2)},
        "fte_band": {band(truth["employees_fte"], FTE_BANDS, lv) for lv in (0, 1, 2)},
        "floor_area_band": {band(truth["floor_area_m2"], AREA_BANDS, lv) for lv in (0, 1, 2)},
        "revenue_band": {band(truth["revenue_eur"], REVENUE_BANDS, lv) for lv in (0, 1, 2)},
        "base_year_group": {base_year_group(truth["base_year"], lv) for lv in (0, 1, 2)},
    }
    return all(released[c] in allowed for c, allowed in options.items())


def _attack(ws: Workspace, package: Workspace | object, year: int) -> dict[str, int]:
    """For each partner: how many released pseudonyms match what an outsider knows of it in `year`."""
    from paastolaskuri.reporting.processed_schema import read_year_table

    truth = read_year_table(ws.processed_dir(year), "partners")
    released = pd.read_csv(package / "partner_years.csv", dtype=str)
    released = released[released["year"] == str(year)]
    return {
        t["partner_id"]: sum(_compatible(r, t) for _, r in released.iterrows()) for _, t in truth.iterrows()
    }


def _micro(root, years, out, **kw):
    return export_research(root, years, out, microdata=True, agreement="TEST-1", **kw)


def test_reidentification_fails_for_k_and_succeeds_without_it(network, tmp_path, monkeypatch):
    result = _micro(network.root, YEARS, tmp_path / "k3")
    assert result.counts["k"] == 3  # the default is the disclosure rules' threshold
    candidates = _attack(network, tmp_path / "k3", 2024)
    assert all(n == 0 or n >= 3 for n in candidates.values()), candidates
    monkeypatch.setattr(rules, "MIN_CONTRIBUTORS", 1)
    _micro(network.root, YEARS, tmp_path / "k1", k=1)
    candidates_k1 = _attack(network, tmp_path / "k1", 2024)
    assert min(n for n in candidates_k1.values() if n) == 1  # the attack has teeth: k=1 gives someone away


def test_k_below_the_threshold_is_refused(network, tmp_path):
    with pytest.raises(ExportRefused) as exc:
        _micro(network.root, YEARS, tmp_path / "k2", k=2)
    assert (exc.value.code, exc.value.params) == ("bad_k", {"min": 3})
    assert not (tmp_path / "k2").exists()


def test_consent_lone_sector_and_withdrawal(network, tmp_path, without_joint_audit):
    key, _ = load_or_create_key(network.root)
    _micro(network.root, YEARS, tmp_path / "a")
    py = pd.read_parquet(tmp_path / "a" / "partner_years.parquet")
    assert pseudonym(key, "synthetic-00000") not in set(py["pseudonym"])  # no consent: absent
    farm = py[py["pseudonym"] == pseudonym(key, "synthetic-00002")]
    assert len(farm) in (0, 3) and "A" not in set(py["sector_group"])  # only ever generalised
    assert len(py) == 3 * py["pseudonym"].nunique()
    withdrawn = pseudonym(key, "synthetic-00001")
    assert withdrawn in set(py["pseudonym"])

    def withdraw(frame):
        frame.loc[frame["partner_id"] == "synthetic-00001", "research_use"] = False

    _edit_partners(network, 2024, withdraw)
    _micro(network.root, YEARS, tmp_path / "b")
    after = pd.read_parquet(tmp_path / "b" / "partner_years.parquet")
    assert withdrawn not in set(after["pseudonym"])  # gone from every year, not only 2024
    meta = json.loads((tmp_path / "b" / "datapackage.json").read_text())
    assert meta["disclosure_control"]["partners_without_consent"] == 5
    export_research(network.root, YEARS, tmp_path / "c")  # the aggregate tables leave it out too
    meta = json.loads((tmp_path / "c" / "datapackage.json").read_text())
    assert meta["disclosure_control"]["partners_released"] == 25  # 30 less never and withdrawn


def test_package_holds_no_names_sites_notes_or_key(network, tmp_path):
    out = tmp_path / "pkg"
    _micro(network.root, YEARS, out, with_lines=True)
    texts = {p.name: p.read_bytes().decode("utf-8", "replace") for p in out.iterdir()}
    for p in out.glob("*.parquet"):
        texts[p.name + " (decoded)"] = pq.read_table(p).to_pandas().to_csv()
    key = (network.root / ".paastolaskuri" / "research.key").read_text().strip()
    secrets = ["Synthetic partner", "Synthetic site", "synthetic note", "synthetic-000", key]
    for name, text in texts.items():
        for s in secrets:
            assert s not in text, (s, name)
    assert sorted(p.name for p in out.iterdir()) == [
        ".paastolaskuri-research",
        "README.md",
        "category_years.csv",
        "category_years.parquet",
        "datapackage.json",
        "lines.csv",
        "lines.parquet",
        "partner_years.csv",
        "partner_years.parquet",
    ]


def test_frictionless_validate_accepts_the_package(network, tmp_path):
    out = tmp_path / "pkg"
    _micro(network.root, YEARS, out, with_lines=True)
    res = subprocess.run(
        [str(VENV_BIN / "frictionless"), "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    report = json.loads(res.stdout)
    assert report["valid"] is True, res.stdout[-3000:]
    assert res.returncode == 0
    meta = json.loads((out / "datapackage.json").read_text())
    assert [r["name"] for r in meta["resources"]] == [
        "partner_years",
        "partner_years_parquet",
        "category_years",
        "category_years_parquet",
        "lines",
        "lines_parquet",
    ]
    assert meta["method"]["factor_sets"][0]["factor_set"] == "fi-2024-r1"
    field = meta["resources"][0]["schema"]["fields"][7]
    assert (field["name"], field["type"], field["unit"]) == ("t_scope1", "number", "t CO2e")
    assert meta["licenses"][0]["name"] == "other-closed"
    assert meta["confidential"] == (
        "Confidential: pseudonymised, not anonymous / Luottamuksellinen: pseudonymisoitu, ei anonyymi"
    )


def test_force_never_replaces_a_folder_that_is_not_ours(network, tmp_path):
    out = tmp_path / "pkg"
    out.mkdir()
    (out / "README.md").write_text("my notes")
    for force in (False, True):
        with pytest.raises(ExportRefused) as exc:
            export_research(network.root, YEARS, out, force=force)
        assert exc.value.code == "out_not_ours"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]
    assert (out / "README.md").read_text() == "my notes"


def test_force_replaces_our_package_and_removes_what_it_no_longer_lists(
    network, tmp_path, without_joint_audit
):
    out = tmp_path / "pkg"
    _micro(network.root, YEARS, out, with_lines=True)
    (out / "notes.txt").write_text("left in the package folder")
    with pytest.raises(ExportRefused) as exc:
        _micro(network.root, YEARS, out)
    assert exc.value.code == "out_not_empty"  # ours, but not forced
    _micro(network.root, YEARS, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == [
        ".paastolaskuri-research",
        "README.md",
        "category_years.csv",
        "category_years.parquet",
        "datapackage.json",
        "partner_years.csv",
        "partner_years.parquet",
    ]
    marker = json.loads((out / ".paastolaskuri-research").read_text())
    assert marker["mode"] == "microdata" and "lines.csv" not in marker["files"]
    export_research(network.root, YEARS, out, force=True)  # aggregate over microdata: no partner rows stay
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "README.md",
        "category_totals.csv",
        "category_totals.parquet",
        "datapackage.json",
        "group_totals.csv",
        "group_totals.parquet",
    ]


@pytest.mark.parametrize("where", ["data/raw", "data/raw/2024/pkg"])
def test_never_writes_under_data_raw_even_forced(network, tmp_path, where):
    out = network.root / where
    before = sorted(network.root.rglob("*"))
    with pytest.raises(ExportRefused) as exc:
        export_research(network.root, YEARS, out, force=True)
    assert exc.value.code == "out_raw"
    assert sorted(network.root.rglob("*")) == before


def test_microdata_needs_an_agreement_and_is_logged(network, tmp_path, without_joint_audit):
    with pytest.raises(ExportRefused) as exc:
        export_research(network.root, YEARS, tmp_path / "pkg", microdata=True)
    assert exc.value.code == "agreement_missing" and not (tmp_path / "pkg").exists()
    with pytest.raises(ExportRefused) as exc:
        export_research(network.root, YEARS, tmp_path / "pkg", microdata=True, agreement="A\nforged line")
    assert exc.value.code == "agreement_invalid"
    now = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    result = _micro(network.root, [2023, 2024], tmp_path / "pkg", now=now)
    assert result.log == network.root / "data" / "research_exports.log"
    assert result.log.read_text().splitlines() == [
        f"2025-03-04T05:06:07Z\tagreement=TEST-1\tyears=2023-2024\tpartners=26\tout={tmp_path / 'pkg'}"
    ]
    readme = (tmp_path / "pkg" / "README.md").read_text()
    assert readme.splitlines()[2:5] == [
        "**CONFIDENTIAL: PSEUDONYMISED, NOT ANONYMOUS.** For the holder of data-use agreement `TEST-1` only.",
        "",
        "**LUOTTAMUKSELLINEN: PSEUDONYMISOITU, EI ANONYYMI.** Vain käyttösopimuksen `TEST-1` haltijalle.",
    ]
    assert "Rotating the key does not unlink rows" in readme
    export_research(network.root, YEARS, tmp_path / "agg")
    assert len(result.log.read_text().splitlines()) == 1  # the aggregate export is not logged


def test_pseudonyms_stable_across_exports_and_rotation(network, tmp_path):
    _micro(network.root, YEARS, tmp_path / "a")
    _micro(network.root, [2024], tmp_path / "b")
    a = set(pd.read_csv(tmp_path / "a" / "partner_years.csv")["pseudonym"])
    b = set(pd.read_csv(tmp_path / "b" / "partner_years.csv")["pseudonym"])
    assert b and b <= a
    _micro(network.root, [2024], tmp_path / "c", rotate=True)
    c = set(pd.read_csv(tmp_path / "c" / "partner_years.csv")["pseudonym"])
    assert c and not (c & a)


def test_cli_messages_and_exit_codes(network, tmp_path, capsys):
    out = tmp_path / "pkg"
    out.mkdir()
    (out / "x").write_text("x")
    cmd = ["export", "research", "--workspace", str(network.root)]
    assert main([*cmd, "--out", str(out), "--lang", "en", "--force"]) == 1
    assert capsys.readouterr().err == (
        f"paastolaskuri export research: {out} is not empty and holds no earlier research package "
        "(no .paastolaskuri-research marker): it is not replaced even with --force; give an empty or new folder\n"
    )
    assert main([*cmd, "--out", str(tmp_path / "m"), "--microdata", "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        "paastolaskuri export research: --microdata needs the data-use agreement's ID: give --agreement ID "
        "(e.g. --agreement UEF-2025-03)\n"
    )
    assert main([*cmd, "--out", str(tmp_path / "m"), "--lines"]) == 2
    assert capsys.readouterr().err == (
        "paastolaskuri export research: --lines koskee vain kumppanitason aineistoa: lisää --microdata "
        "--agreement TUNNUS\n"
    )
    assert not (tmp_path / "m").exists()
    assert main([*cmd, "--out", str(tmp_path / "new"), "--years", "2024"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Kirjoitettu: {tmp_path / 'new'} (koostetaulukot, 26 kumppania vuosilta 2024; ilman lupaa 4; "
        "julkaistavissa CC BY 4.0 -lisenssillä)"
    )
