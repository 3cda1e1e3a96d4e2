"""Documentation that is generated must match what the code uses."""

from pathlib import Path

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.reporting.method_docs import BEGIN, END, render_factor_tables

REPO = Path(__file__).resolve().parents[3]


def test_method_doc_tables_match_catalogue_and_factor_sets():
    text = (REPO / "docs" / "method.md").read_text(encoding="utf-8")
    generated = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert generated == render_factor_tables(), "docs/method.md is stale: run `make docs`"


def test_method_doc_lists_every_activity():
    text = (REPO / "docs" / "method.md").read_text(encoding="utf-8")
    for activity in load_catalogue():
        assert f"| `{activity.key}` |" in text


def test_data_dictionary_embeds_the_commitments_schema():
    from paastolaskuri.intake.commitment_schema import SCHEMA_BEGIN, SCHEMA_END, schema_markdown

    text = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    embedded = text[text.index(SCHEMA_BEGIN) : text.index(SCHEMA_END) + len(SCHEMA_END)]
    assert embedded == schema_markdown(), "docs/data_dictionary.md is stale: paste schema_markdown()"
    assert "| `reduction_pct` | Vähennys (%) / Reduction (%) | target | number |" in embedded
