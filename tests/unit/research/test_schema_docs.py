from pathlib import Path

from paastolaskuri.research.schema import BEGIN, END, PARTNER_YEARS, render_doc_section, table_schema

REPO = Path(__file__).resolve().parents[3]


def test_data_dictionary_research_section_is_generated_from_the_schema():
    text = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    section = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert section == render_doc_section(), (
        "docs/data_dictionary.md is stale: regenerate the research section"
    )


def test_table_schema_carries_types_units_and_required():
    fields = {f["name"]: f for f in table_schema(PARTNER_YEARS)["fields"]}
    assert fields["pseudonym"]["constraints"] == {"required": True}
    assert fields["t_per_fte_band"]["unit"] == "t CO2e/FTE"
    assert fields["year"]["type"] == "integer"
    assert table_schema(PARTNER_YEARS)["primaryKey"] == ["pseudonym", "year"]
