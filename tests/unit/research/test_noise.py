"""The microdata's noise (research.noise): one factor per partner, never within p % of 1, kept across key rotation."""

import pandas as pd
from network import partner, write_year

from paastolaskuri.cli import main
from paastolaskuri.disclosure import rules
from paastolaskuri.research import noise
from paastolaskuri.research.package import export_research

YEAR = 2024


def test_every_factor_is_more_than_p_percent_and_a_rounding_step_from_one():
    key = bytes(range(32))
    factors = [noise.multiplier(key, f"partner-{i}") for i in range(300)]
    gaps = [abs(f - 1.0) for f in factors]
    assert min(gaps) >= noise.NOISE_MIN and max(gaps) <= noise.NOISE_MAX
    # rounded to 3 significant digits (a relative step of at most 0.5 %), still more than p % off
    assert all(
        abs(rules.round_published(123.456 * f) / 123.456 - 1.0) > rules.P_PERCENT / 100 for f in factors
    )
    assert 100 < sum(f > 1 for f in factors) < 200  # both signs, about half each
    assert noise.multiplier(key, "partner-7") == factors[7]  # the same partner, the same factor
    assert noise.multiplier(bytes(32), "partner-7") != factors[7]  # another workspace, another factor


def test_microdata_figures_are_the_truth_times_the_partner_factor(tmp_path, monkeypatch):
    """With a factor of 1.15 for everyone: line kg and totals are 1.15 x the truth at 3 digits."""
    monkeypatch.setattr(noise, "multiplier", lambda key, pid: 1.15)
    partners = [partner(p, x=x) for p, x in (("a", 12_345.6), ("b", 23_456.7), ("c", 34_567.8))]
    write_year(tmp_path / "ws", YEAR, partners)
    out = tmp_path / "pkg"
    export_research(tmp_path / "ws", [YEAR], out, microdata=True, agreement="T-1", with_lines=True)
    lines = pd.read_csv(out / "lines.csv")
    # a: 12 345.6 x 1.15 = 14 197.44 -> 14 200, its location line 6 172.8 x 1.15 = 7 098.72 -> 7 100
    assert {14_200.0, 7_100.0} <= set(lines["kg_co2e"])
    py = pd.read_csv(out / "partner_years.csv")
    # 3 x 12 345.6 x 1.15 = 42 592.32 kg -> 42.6 t; b 80 925.1 -> 80.9; c 119 259.1 -> 119
    assert sorted(py["t_total_market"]) == [42.6, 80.9, 119.0]


def test_the_noise_key_is_kept_when_the_pseudonym_key_rotates(tmp_path):
    partners = [partner(p, x=x) for p, x in (("a", 12_345.6), ("b", 23_456.7), ("c", 34_567.8))]
    write_year(tmp_path / "ws", YEAR, partners)
    first, second = tmp_path / "one", tmp_path / "two"
    export_research(tmp_path / "ws", [YEAR], first, microdata=True, agreement="T-1")
    key = noise.noise_key_path(tmp_path / "ws").read_bytes()
    export_research(tmp_path / "ws", [YEAR], second, microdata=True, agreement="T-1", rotate=True)
    assert noise.noise_key_path(tmp_path / "ws").read_bytes() == key
    totals = [sorted(pd.read_csv(d / "partner_years.csv")["t_total_market"]) for d in (first, second)]
    assert totals[0] == totals[1]  # the same draw: two exports cannot be averaged
    true = [37.0368, 70.3701, 103.7034]
    assert all(abs(t / x - 1) > rules.P_PERCENT / 100 for t, x in zip(totals[0], true, strict=True))


def test_the_demo_key_is_written_once_and_never_replaces_a_key(tmp_path):
    ws = tmp_path / "ws"
    assert noise.write_noise_key(ws, noise.demo_noise_key()) == noise.demo_noise_key()
    assert noise.load_or_create_noise_key(ws) == noise.demo_noise_key()
    assert oct(noise.noise_key_path(ws).stat().st_mode & 0o777) == "0o600"
    assert noise.write_noise_key(ws, bytes(32)) == noise.demo_noise_key()  # the existing key stays
    assert noise.load_or_create_noise_key(ws) == noise.demo_noise_key()


def test_the_demo_key_is_refused_for_a_partner_that_is_not_a_demo_partner():
    demo = noise.demo_noise_key()
    assert noise.uses_demo_key(demo, ["demo-saha", "oy-ab"])
    assert not noise.uses_demo_key(demo, ["demo-saha", "demo-kauppa"])
    assert not noise.uses_demo_key(bytes(32), ["oy-ab"])


def test_the_microdata_export_refuses_the_demo_key_with_real_partners(tmp_path, capsys):
    partners = [partner(p, x=x) for p, x in (("a", 12_345.6), ("b", 23_456.7), ("c", 34_567.8))]
    write_year(tmp_path / "ws", YEAR, partners)
    noise.write_noise_key(tmp_path / "ws", noise.demo_noise_key())
    cmd = ["export", "research", "--workspace", str(tmp_path / "ws"), "--years", str(YEAR)]
    cmd += ["--microdata", "--agreement", "T-1", "--out", str(tmp_path / "pkg"), "--lang", "en"]
    assert main(cmd) == 1
    err = capsys.readouterr().err
    assert "microdata not written: the workspace's noise key (" in err
    assert "is the demo's public key" in err and "Traceback" not in err
    assert not (tmp_path / "pkg" / "partner_years.csv").exists()
