"""The one message catalogue: both languages complete, placeholders alike, no text left outside it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from paastolaskuri.core import i18n

LIB = Path(i18n.__file__).parents[1]
FINNISH_LETTERS = re.compile(r"[äöåÄÖÅ]")
PRODUCT = "Päästölaskuri"  # the product's name is the same in both languages

# Files that may hold Finnish words outside the catalogue, and why. Everything else a reader sees
# comes from locale/*.po.
NOT_MESSAGES = {
    "demo/network.py": "fictional partners' data (names, sites, notes) typed in by a partner, not our text",
    "demo/commitments.py": "fictional partners' commitments, as a partner would type them",
    "coursework/assignments/a01.py": "an assignment notebook's prose, written whole in each language",
    "coursework/assignments/a02.py": "an assignment notebook's prose, written whole in each language",
    "coursework/assignments/a03.py": "an assignment notebook's prose, written whole in each language",
    "coursework/assignments/a04.py": "an assignment notebook's prose, written whole in each language",
    "research/readme.py": "the research package's README, a document written whole in each language",
    "coursework/case_data.py": "the fictional case partner's own template entries, as a partner would type them",
    "coursework/constants.py": "the VAT rate's source citation (the publisher's document as cited), not our text",
    "core/numformat.py": "Babel's locale codes per language (fi_FI, en), not texts",
    "accounting/units.py": "unit spellings a partner may type (henkilö-km, yö): input aliases, not messages",
}


def _catalogue(lang: str) -> dict:
    with i18n.catalogue_path(lang).open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(fh) if m.id}


def test_every_key_is_in_both_languages_with_text_and_the_same_placeholders():
    fi, en = _catalogue("fi"), _catalogue("en")
    assert set(fi) == set(en), sorted(set(fi) ^ set(en))
    assert len(fi) > 500  # the whole package's texts, not a sample
    for key in fi:
        fi_forms = fi[key] if isinstance(fi[key], tuple) else (fi[key],)
        en_forms = en[key] if isinstance(en[key], tuple) else (en[key],)
        assert all(fi_forms) and all(en_forms), f"{key}: an empty text"
        fi_names = set().union(*(i18n.placeholders(f) for f in fi_forms))
        en_names = set().union(*(i18n.placeholders(f) for f in en_forms))
        assert fi_names == en_names, f"{key}: fi {sorted(fi_names)} vs en {sorted(en_names)}"


def test_keys_follow_area_dot_name():
    bad = [k for k in i18n.all_keys() if not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*\.[^.]+", k)]
    assert bad == []


def test_text_fills_placeholders_in_each_language():
    assert i18n.text("report.partner_title", "fi", year=2024) == "Kasvihuonekaasupäästöt 2024"
    assert i18n.text("report.partner_title", "en", year=2024) == "Greenhouse-gas emissions 2024"


def test_counted_texts_use_the_catalogues_plural_forms():
    assert i18n.plural("problem.count_errors", 1, "fi") == "1 virhe"
    assert i18n.plural("problem.count_errors", 2, "fi") == "2 virhettä"
    assert i18n.plural("problem.count_errors", 0, "en") == "0 errors"
    assert i18n.plural("problem.count_errors", 1, "en") == "1 error"


def test_an_unknown_key_or_language_names_what_is_wrong():
    with pytest.raises(
        KeyError, match=r"no text 'report\.nonexistent' in the fi catalogue .*paastolaskuri\.po"
    ):
        i18n.text("report.nonexistent", "fi")
    with pytest.raises(ValueError, match="unknown language 'sv': use one of fi, en"):
        i18n.text("report.partner_title", "sv")


def test_views_keep_the_catalogues_order():
    # drop-down lists are built from these views: their order is the order written in the catalogue
    coverages = list(i18n.pairs("commitment.coverage"))
    assert coverages[:3] == ["scope1", "scope12_market", "scope12_location"]
    assert i18n.by_lang("template.sheet")["organisation"] == {"fi": "Organisaatio", "en": "Organisation"}


def _code_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        is_code_text = (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        )
        if is_code_text and FINNISH_LETTERS.search(node.value.replace(PRODUCT, "")):
            found.append(f"line {node.lineno}: {node.value[:50]!r}")
        if isinstance(node, ast.Dict) and {getattr(k, "value", None) for k in node.keys} >= {"fi", "en"}:
            found.append(f"line {node.lineno}: a {{'fi': ..., 'en': ...}} table")
    return found


def test_no_reader_text_lives_outside_the_catalogue():
    offenders = {}
    for path in sorted(LIB.rglob("*.py")):
        relative = path.relative_to(LIB).as_posix()
        if relative in NOT_MESSAGES:
            continue
        found = _code_literals(path)
        if found:
            offenders[relative] = found
    assert offenders == {}


def test_the_scan_would_find_a_text_written_in_code(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstrings may say päästö."""\nX = {"fi": "a", "en": "b"}\nY = "tiedostoa ei löydy"\n'
    )
    assert _code_literals(sample) == [
        "line 2: a {'fi': ..., 'en': ...} table",
        "line 3: 'tiedostoa ei löydy'",
    ]


def test_the_allowed_files_exist():
    assert [name for name in NOT_MESSAGES if not (LIB / name).is_file()] == []


def test_babels_own_catalogue_checks_pass_and_the_header_is_not_fuzzy():
    for lang in i18n.LANGS:
        catalogue = i18n.catalogue(lang)
        assert [(m.id, errors) for m, errors in catalogue.check()] == []
        assert not catalogue.fuzzy  # a fuzzy header makes gettext tools skip the whole file
        assert str(catalogue.locale) == lang and catalogue.num_plurals == 2


def test_parsed_texts_are_cached_by_the_catalogues_hash_and_a_bad_cache_is_parsed_again(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PAASTOLASKURI_CACHE", str(tmp_path))
    i18n._loaded.cache_clear()
    try:
        expected = i18n.text("report.partner_title", "fi", year=2024)
        written = sorted(p.name for p in tmp_path.iterdir())
        assert (
            len(written) == 1 and written[0].startswith("paastolaskuri-fi-") and written[0].endswith(".json")
        )
        (tmp_path / written[0]).write_text("{not json", "utf-8")  # a half-written or foreign file
        i18n._loaded.cache_clear()
        assert i18n.text("report.partner_title", "fi", year=2024) == expected
        assert i18n.plural("problem.count_errors", 2, "fi") == "2 virhettä"
        assert (tmp_path / written[0]).read_text("utf-8").startswith('{"plural": "(n != 1)"')
    finally:
        i18n._loaded.cache_clear()


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("PAASTOLASKURI_CACHE", str(blocker / "sub"))  # cannot be created
    i18n._loaded.cache_clear()
    try:
        assert i18n.text("report.partner_title", "en", year=2023) == "Greenhouse-gas emissions 2023"
    finally:
        i18n._loaded.cache_clear()


def test_text_or_falls_back_to_the_data_value_only_for_a_missing_key():
    assert i18n.text_or("label.basis.market", "fi", "market") == "markkinaperusteinen"
    assert i18n.text_or("label.basis.no_such_basis", "fi", "no_such_basis") == "no_such_basis"
