"""The report pages' HTML export: nbconvert's lab template without its BeautifulSoup pass (run/render.py)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from paastolaskuri.run.render import _html_exporter, focusable_outputs


def _notebook() -> nbformat.NotebookNode:
    chart = "<img alt='Päästöt luokittain' src='data:image/png;base64,AAAA'/>"
    cells = [
        new_code_cell(
            "report.header()", outputs=[new_output("execute_result", {"text/html": "<h1>Saha</h1>"})]
        ),
        new_code_cell("report.breakdown()", outputs=[new_output("execute_result", {"text/html": chart})]),
    ]
    return new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})


def test_every_output_area_is_focusable_and_the_code_is_not_shown():
    html, _ = _html_exporter().from_notebook_node(_notebook(), resources={"metadata": {"name": "Saha 2024"}})
    outputs = [line for line in html.splitlines() if "jp-OutputArea-output " in line and "<div" in line]
    assert len(outputs) == 2
    assert all('tabindex="0"' in line for line in outputs)
    assert "report.breakdown()" not in html  # inputs excluded
    assert "<h1>Saha</h1>" in html
    assert "<img alt='Päästöt luokittain'" in html  # the chart's own alt text, as written
    assert "No description has been provided" not in html
    assert "<title>Saha 2024</title>" in html


def test_focusable_outputs_marks_only_output_areas():
    page = (
        '<div class="jp-Cell jp-CodeCell">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult" data-mime-type="text/html">'
        '<div class="jp-OutputArea-outputs">x</div></div></div>'
    )
    assert focusable_outputs(page) == (
        '<div class="jp-Cell jp-CodeCell">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult" '
        'data-mime-type="text/html" tabindex="0">'
        '<div class="jp-OutputArea-outputs">x</div></div></div>'
    )
