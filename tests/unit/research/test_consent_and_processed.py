import openpyxl
import pyarrow.parquet as pq
import pytest

from helpers import build_template
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.intake.next_year import write_next_year_templates
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.reporting.processed import partner_row, write_partner, write_year_tables
from paastolaskuri.reporting.processed_schema import (
    EMISSIONS_COLUMNS,
    PARTNERS_COLUMNS,
    PROCESSED_SCHEMA_VERSION,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("kyllä / yes", "yes"), ("Kyllä", "yes"), ("yes", "yes"), ("ei / no", "no"), ("ei", "no"), (None, None)],
)
def test_research_use_is_read_as_yes_no_or_empty(tmp_path, value, expected):
    path = build_template(tmp_path, organisation={"research_use": value})
    sub = read_submission(path)
    assert sub.organisation["research_use"] == expected
    assert sub.problems == []


def test_research_use_written_as_the_drop_down_label_with_a_list_validation(tmp_path):
    path = build_template(tmp_path, organisation={"research_use": "yes"}, lang="en")
    ws = openpyxl.load_workbook(path)["Organisation"]
    row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Tutkimuskäyttö / Research use")
    assert ws.cell(row, 2).value == "kyllä / yes"
    lists = [dv for dv in ws.data_validations.dataValidation if f"B{row}" in str(dv.sqref)]
    assert [dv.type for dv in lists] == ["list"]
    assert lists[0].formula1 == "'Lists'!$H$2:$H$3"


def test_unknown_research_use_is_a_warning_read_as_no(tmp_path):
    path = build_template(tmp_path, organisation={"research_use": "ehkä"})
    sub = read_submission(path)
    assert sub.organisation["research_use"] is None
    row = next(
        r
        for r in range(1, 30)
        if openpyxl.load_workbook(path)["Organisaatio"].cell(r, 1).value == "Tutkimuskäyttö / Research use"
    )
    assert [p.format("en") for p in sub.problems] == [
        f'{path}: Organisaatio!B{row}: warning: research use "ehkä" is neither yes nor no: read as no '
        "(choose from the drop-down)"
    ]


def test_an_older_template_without_the_row_reads_as_no(tmp_path):
    path = build_template(tmp_path, organisation={"research_use": "yes"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Organisaatio"]
    row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Tutkimuskäyttö / Research use")
    ws.delete_rows(row)
    wb.save(path)
    sub = read_submission(path)
    assert sub.organisation["research_use"] is None
    assert sub.problems == []


def test_next_year_template_carries_consent_forward(tmp_path):
    ws = Workspace.at(tmp_path / "ws")
    ws.raw_dir(2024).mkdir(parents=True)
    build_template(ws.raw_dir(2024), organisation={"research_use": "yes"}, name="testi.xlsx")
    write_next_year_templates(ws.root, 2025, tmp_path / "next")
    sub = read_submission(tmp_path / "next" / "testi-oy.xlsx")
    assert sub.organisation["year"] == 2025
    assert sub.organisation["research_use"] == "yes"


def test_processed_year_tables_as_parquet_with_the_versioned_schema(tmp_path):
    ws = Workspace.at(tmp_path / "ws")
    path = build_template(tmp_path, organisation={"research_use": "kyllä / yes", "partner_id": "007"})
    fp = compute_footprint(path, workspace=ws.root)
    assert fp.ok
    row = write_partner(ws, 2024, "007", fp, "fi")
    assert row["research_use"] is True
    write_year_tables(ws, 2024, [row], "fi")
    partners = pq.read_table(ws.processed_dir(2024) / "partners.parquet")
    emissions = pq.read_table(ws.processed_dir(2024) / "emissions.parquet")
    assert partners.schema.metadata[b"paastolaskuri_processed_schema"] == PROCESSED_SCHEMA_VERSION.encode()
    assert partners.column_names == list(PARTNERS_COLUMNS), "partner_row changed: update processed_schema"
    assert emissions.column_names == list(EMISSIONS_COLUMNS), (
        "EXPLAIN_COLUMNS changed: update processed_schema"
    )
    for name, kind in PARTNERS_COLUMNS.items():
        assert partners.schema.field(name).type == kind, name
    for name, kind in EMISSIONS_COLUMNS.items():
        assert emissions.schema.field(name).type == kind, name
    frame = partners.to_pandas()
    assert frame.loc[0, "partner_id"] == "007"  # text stays text
    assert frame.loc[0, "research_use"]
    assert list(partner_row(fp, "007")) == list(PARTNERS_COLUMNS)
