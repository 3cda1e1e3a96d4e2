"""The blank template printed by LibreOffice: each visible sheet on one page, nothing cut at the edge."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice needed")
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_libreoffice_prints_each_sheet_on_one_page_nothing_cut(tmp_path, make_template, lang):
    path = make_template(lang=lang, lines=[{"activity": "electricity", "quantity": 1, "unit": "kWh"}] * 30)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = path.with_suffix(".pdf")
    visible = [ws for ws in openpyxl.load_workbook(path).worksheets if ws.sheet_state == "visible"]
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = bbox.count("<page ")
    assert pages == len(visible)
    for page in bbox.split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page)[1])
        for x0, x1 in re.findall(r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)"', page):
            assert float(x0) >= 0 and float(x1) <= width, "text cut at the page edge"
