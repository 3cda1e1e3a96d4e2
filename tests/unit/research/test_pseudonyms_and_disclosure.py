import os
import stat

import pandas as pd
import pytest

from paastolaskuri.research.disclosure import (
    AREA_BANDS,
    FTE_BANDS,
    REVENUE_BANDS,
    band,
    base_year_group,
    generalise,
    sector_group,
)
from paastolaskuri.research.pseudonyms import key_path, load_or_create_key, pseudonym, rotate_key


def test_pseudonym_is_hmac_sha256_rfc4231_case_2():
    # RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146bf60754e6a04...
    assert pseudonym(b"Jefe", "what do ya want for nothing?") == "5bdcc146bf60754e"


def test_key_created_once_private_and_stable(tmp_path):
    key, created = load_or_create_key(tmp_path)
    assert created and len(key) == 32
    path = key_path(tmp_path)
    assert path == tmp_path / ".paastolaskuri" / "research.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again, created_again = load_or_create_key(tmp_path)
    assert again == key and not created_again
    assert pseudonym(again, "saha-oy") == pseudonym(key, "saha-oy")


def test_rotation_starts_a_new_series_and_keeps_the_old_key(tmp_path):
    old, _ = load_or_create_key(tmp_path)
    retired = rotate_key(tmp_path)
    new, created = load_or_create_key(tmp_path)
    assert created and new != old
    assert retired.read_text().strip() == old.hex()
    assert pseudonym(new, "saha-oy") != pseudonym(old, "saha-oy")


@pytest.mark.parametrize(
    ("value", "bands", "level", "expected"),
    [
        (9.9, FTE_BANDS, 0, "0-9"),
        (10, FTE_BANDS, 0, "10-49"),
        (249, FTE_BANDS, 0, "50-249"),
        (250, FTE_BANDS, 0, "250+"),
        (30, FTE_BANDS, 1, "0-49"),
        (300, FTE_BANDS, 1, "50+"),
        (None, FTE_BANDS, 0, "unknown"),
        (None, FTE_BANDS, 2, "all"),
        (999, AREA_BANDS, 0, "0-999"),
        (6200, AREA_BANDS, 1, "5000+"),
        (21_000_000, REVENUE_BANDS, 0, "10M-50M"),
        (1_500_000, REVENUE_BANDS, 1, "0-10M"),
    ],
)
def test_bands(value, bands, level, expected):
    assert band(value, bands, level) == expected


def test_sector_and_base_year_ladders():
    assert [sector_group("C", lv) for lv in (0, 1, 2)] == ["C", "A-F", "all"]
    assert [sector_group("P", lv) for lv in (0, 1, 2)] == ["P", "O-Q", "all"]
    assert sector_group("", 0) == "unknown"
    assert [base_year_group(2021, lv) for lv in (0, 1, 2)] == ["2021", "2020-2024", "all"]


def _partners(rows):
    cols = ["pseudonym", "section", "employees_fte", "floor_area_m2", "revenue_eur", "base_year"]
    frame = pd.DataFrame(rows, columns=cols).set_index("pseudonym")
    frame["presence"] = [(2024,)] * len(frame)
    return frame


def test_three_alike_stay_exact_and_a_lone_partner_is_suppressed():
    partners = _partners(
        [
            ("p1", "C", 20, 500, 1.0e6, 2024),
            ("p2", "C", 30, 800, 1.5e6, 2024),
            ("p3", "C", 40, 900, 1.8e6, 2024),
            ("p4", "P", 60, 3000, None, 2024),
        ]
    )
    result = generalise(partners, k=3)
    assert result.suppressed == ["p4"]
    assert result.released.loc["p1"].tolist() == ["C", "10-49", "0-999", "0-2M", "2024"]
    assert result.steps == {"p1": 0, "p2": 0, "p3": 0}


def test_three_different_partners_generalise_to_all_together():
    partners = _partners(
        [
            ("p1", "C", 20, 500, 1.0e6, 2024),
            ("p2", "C", 30, 800, 1.5e6, 2024),
            ("p3", "C", 40, 900, 1.8e6, 2024),
            ("p4", "P", 60, 3000, None, 2024),
            ("p5", "P", 70, 2500, None, 2023),
            ("p6", "G", 5, 100, 0.5e6, 2024),
        ]
    )
    result = generalise(partners, k=3)
    assert result.suppressed == []
    for p in ("p4", "p5", "p6"):
        assert result.released.loc[p].tolist() == ["all", "all", "all", "all", "all"]
        assert result.steps[p] == 10
    assert result.released.loc["p2"].tolist() == ["C", "10-49", "0-999", "0-2M", "2024"]


def test_presence_pattern_is_part_of_every_combination():
    partners = _partners([("p1", "C", 20, 500, 1e6, 2024), ("p2", "C", 20, 500, 1e6, 2024)])
    partners["presence"] = [(2023, 2024), (2024,)]
    assert generalise(partners, k=2).suppressed == ["p1", "p2"]
    partners["presence"] = [(2024,), (2024,)]
    assert generalise(partners, k=2).suppressed == []
