"""The partner report's own sections read nothing of the other partners: remove them all, nothing changes.

outputs.OWN_SECTIONS lists the sections whose numbers the attacks treat as the viewer's own knowledge
(an equal or interpolating number there is a coincidence with its own figures, not a leak). This test
is what entitles them to that: each viewer's sections render byte-identical in a copy of the
workspace from which every other partner's processed data is gone.
"""

from __future__ import annotations

import shutil

import pandas as pd
from networks import YEARS
from outputs import OWN_SECTIONS, viewers

from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.reporting.partner_report import PartnerReport

YEAR = YEARS[-1]


# what the run derives from the other partners: the year's aggregates and the partner's peer position
NETWORK_DERIVED = ("network_stats.json", "change.csv", "peer_position.json")


def _without_others(root, copy, keep: str) -> None:
    """A copy of the workspace in which only `keep` is left in every year's processed data.

    The other partners' folders and rows go, and so does every file the run derived from them.
    """
    shutil.copytree(root, copy, symlinks=True)
    ws = Workspace.at(copy)
    for year in ws.processed_years():
        d = ws.processed_dir(year)
        for folder in (d / "partners").iterdir():
            if folder.name != partner_slug(keep):
                shutil.rmtree(folder)
        for name in ("partners.csv", "emissions.csv"):
            if (d / name).is_file():
                table = pd.read_csv(d / name, dtype=str, keep_default_na=False)
                table[table["partner_id"] == keep].to_csv(d / name, index=False)
                (d / name).with_suffix(".parquet").unlink(missing_ok=True)
        for derived in NETWORK_DERIVED:
            for path in (d / derived, d / "partners" / partner_slug(keep) / derived):
                path.unlink(missing_ok=True)


def test_own_sections_do_not_change_when_every_other_partner_is_gone(networks, tmp_path):
    root = networks["demo"].root
    checked = 0
    for i, viewer in enumerate(viewers(root, YEAR)):
        copy = tmp_path / viewer
        _without_others(root, copy, viewer)
        for lang in (
            ("fi", "en")[i % 2],
        ):  # the figures are the same in both languages: one each, alternating
            full = PartnerReport.load(root, YEAR, viewer, lang)
            alone = PartnerReport.load(copy, YEAR, viewer, lang)
            for section in OWN_SECTIONS:
                seen_full = getattr(full, section)().html.replace(str(root), "ROOT")
                seen_alone = getattr(alone, section)().html.replace(str(copy), "ROOT")
                assert seen_alone == seen_full, (viewer, lang, section)
                checked += 1
    assert checked == len(viewers(root, YEAR)) * len(OWN_SECTIONS) > 0


def test_a_section_that_reads_the_others_would_be_caught(networks, tmp_path):
    # the comparison section shows the viewer's peer group: without the others it must change
    root = networks["demo"].root
    viewer = viewers(root, YEAR)[0]
    copy = tmp_path / viewer
    _without_others(root, copy, viewer)
    full = PartnerReport.load(root, YEAR, viewer, "en").comparison().html
    try:
        alone = PartnerReport.load(copy, YEAR, viewer, "en").comparison().html.replace(str(copy), str(root))
    except (FileNotFoundError, KeyError, ValueError):  # or it cannot be drawn at all: caught just as well
        alone = None
    assert alone != full
