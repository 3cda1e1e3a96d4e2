"""Published factor sets are immutable: a correction is a new revision, never an edit."""

import csv
from pathlib import Path

from paastolaskuri.accounting.factors import find_factor_set, pinned_sets, set_digest

FACTORS = Path(__file__).resolve().parents[3] / "data" / "factors"


def published():
    with (FACTORS / "published.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_shipped_set_is_published():
    names = {r["factor_set"] for r in published()}
    shipped = {p.name for p in FACTORS.iterdir() if (p / "set.json").is_file()}
    assert shipped == names, "add a new set to data/factors/published.csv when you publish it"


def test_published_sets_are_unchanged():
    for row in published():
        assert set_digest(FACTORS / row["factor_set"]) == row["sha256"], (
            f"{row['factor_set']} was edited after publication: publish a new revision instead"
        )


def test_every_pinned_year_uses_a_published_set_and_each_output_names_it():
    names = {r["factor_set"] for r in published()}
    for year, name in pinned_sets().items():
        assert name in names
        fs = find_factor_set(name)
        assert fs.name == name and fs.revision and fs.reporting_year == year
