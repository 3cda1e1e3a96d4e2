"""Issue 23: every command a reader runs speaks one language, numbers included.

Each command runs in-process on a processed demo workspace, in Finnish and in English. The test
fails on a decimal point in Finnish output (1 975.6), a decimal comma in English output (1 630,8),
a message catalogue key, or an English fragment the package itself writes (a confidence mark, the
money step's words, a unit word) in Finnish output. Machine formats (--format json/csv) are not
prose and are left out; what is left in them is a source's own title (a publication's name is not
translated), a date (14.3.2019), a GHG Protocol category number (3.1) and a licence (CC BY 4.0).

Not run here (cost, each a sentence from the catalogue): `export research`, `coursework`, and `run`
past its dry run (its summary table is tested in tests/unit/run).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil

import pytest

from helpers import processed_demo
from paastolaskuri import __version__
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.actions.catalogue import catalogue_for
from paastolaskuri.cli import main
from paastolaskuri.core.i18n import all_keys

LANGS = ("fi", "en")

# name -> argv (ROOT: the processed demo workspace, SAHA: its sawmill's template, OUT: a fresh folder)
COMMANDS = {
    "template": ["template", "OUT/pohja.xlsx", "--workspace", "ROOT"],
    "check": ["check", "SAHA", "--workspace", "ROOT"],
    "calc": ["calc", "SAHA", "--explain", "--workspace", "ROOT"],
    "factors": ["factors", "--set", "fi-2024-r2", "--workspace", "ROOT"],
    "activities": ["activities"],
    "commitments": ["commitments", "--workspace", "ROOT"],
    "actions": ["actions", "--partner", "demo-saha", "--year", "2024", "--workspace", "ROOT"],
    "restate": ["restate", "--year", "2024", "--workspace", "ROOT"],
    "run": ["run", "--dry-run", "--year", "2024", "--workspace", "ROOT"],
    "demo": ["demo", "--years", "2024", "--partners", "1", "--workspace", "OUT"],
    "export vsme": [
        "export",
        "vsme",
        "--partner",
        "demo-saha",
        "--year",
        "2024",
        "--out",
        "OUT/b3.xlsx",
        "--workspace",
        "ROOT",
    ],
    "export research": ["export", "research", "--years", "2024", "--out", "OUT/pkg", "--workspace", "ROOT"],
    "coursework case": ["coursework", "case", "--student", "s1001", "--out", "OUT"],
}

# the package's own English words that must never reach a Finnish reader
ENGLISH = (
    "prices",
    "seen-in-source",
    "derived-from-seen",
    "unverified",
    "[choice]",
    "Identity:",
    "reference rate",
    "annual average",
    " share",
    "no data",
    "error",
    "warning",
    "Columns:",
    "Factor set",
    "Finnish factors",
)
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")  # 1975.6, 0.04 (not 0.1.0, not a date)
_COMMA = re.compile(r"\d,(?:\d{1,2}|\d{4,})(?!\d)")  # 1 630,8; 0,0359 (not the group of 1,630.8)


def _run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 0, (argv, out.getvalue(), err.getvalue())
    return out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """(command, language) -> everything the command printed, stdout and stderr."""
    root = tmp_path_factory.mktemp("languages")
    processed_demo(root, partners=3)  # the sawmill, the software house, the school
    saha = next((root / "data" / "raw" / "2024").glob("*saha*"))
    found = {}
    for lang in LANGS:
        for name, argv in COMMANDS.items():
            out = root.parent / f"out-{name}-{lang}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            real = [
                a.replace("ROOT", str(root)).replace("SAHA", str(saha)).replace("OUT", str(out)) for a in argv
            ]
            found[(name, lang)] = _run([*real, "--lang", lang])
    return found


def _prose(text: str) -> str:
    """The text without what is not ours to translate: dates, category numbers, the version, a licence,
    an assumption's key (what `--set` takes in either language) and a source's own title (a citation)."""
    for parameter in catalogue_for(2024, "16101").all_parameters():  # the sawmill's year
        text = text.replace(parameter.key, "")
        if parameter.document:
            text = text.replace(parameter.document, "")
    text = _DATE.sub("", text).replace(__version__, "").replace("CC BY 4.0", "")
    for category in load_catalogue().categories.values():
        text = text.replace(category.label_fi, "").replace(category.label_en, "")
    return text


def _keys_in(text: str) -> list[str]:
    return sorted(key for key in all_keys() if key in text)


FINNISH = list(COMMANDS)


@pytest.mark.parametrize("name", FINNISH)
def test_finnish_output_has_decimal_commas_finnish_words_and_no_keys(outputs, name):
    text = _prose(outputs[(name, "fi")])
    assert _POINT.findall(text) == [], name
    assert [w for w in ENGLISH if w in text] == [], name
    assert _keys_in(text) == [], name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_english_output_has_decimal_points_and_no_keys(outputs, name):
    text = _prose(outputs[(name, "en")])
    assert _COMMA.findall(text) == [], name
    assert _keys_in(text) == [], name


def test_the_checks_catch_what_the_issue_saw():
    # the rules above are not vacuous: the issue's own examples fail them
    assert _POINT.findall(
        _prose("jalanjälki 1 975.6 t CO2e, 0.04 1/a, 14.3.2019, 3.1 Ostetut tuotteet ja palvelut")
    )
    assert _COMMA.findall(_prose("(1 630,8 / 1 152,2 t CO2e) 1,630.8")) == ["0,8", "2,2"]
    assert [w for w in ENGLISH if w in "€ 2024 → € 2013 prices [seen-in-source / derived-from-seen]"]


def test_both_languages_print_the_same_figures(outputs):
    # the sawmill's market-based total in each language's format, from one computation
    fi, en = outputs[("calc", "fi")], outputs[("calc", "en")]
    total_fi = re.search(r"Yhteensä \(markkinaperusteinen\)\s+([\d\u00a0]+,\d) kg", fi).group(1)
    total_en = re.search(r"Total \(market-based\)\s+([\d,]+\.\d) kg", en).group(1)
    assert total_fi.replace("\u00a0", "").replace(",", ".") == total_en.replace(",", "")
