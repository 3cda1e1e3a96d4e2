"""The command line's help in Finnish and English: from the catalogue, argparse's own words included."""

from __future__ import annotations

import argparse
import gettext
import inspect

import pytest

from paastolaskuri import cli
from paastolaskuri.cli_parser import ARGPARSE_WORDS, argparse_words, build_parser, help_lang
from paastolaskuri.core import i18n
from paastolaskuri.core.errors import INTERRUPTED
from paastolaskuri.core.i18n import all_keys as catalogue_keys
from paastolaskuri.run.exit_codes import exit_codes_help

EXIT_CODES_EN = (
    "exit codes: 0 done; 1 a template or a report failed; 2 usage error (no such workspace, unknown "
    "--partner); 3 another run holds the workspace's lock; 4 nothing to run (no templates for the year)"
)
EXIT_CODES_FI = (
    "paluuarvot: 0 valmis; 1 jokin pohja tai raportti epäonnistui; 2 käyttövirhe (työtilaa ei ole tai "
    "--partner on tuntematon kumppani); 3 toinen ajo on käynnissä samassa työtilassa (lukko); 4 ei "
    "ajettavaa (vuodelle ei ole pohjia)"
)
TEMPLATE_FI = "Olemassa olevaa tiedostoa ei koskaan korvata ilman valitsinta --force."
TEMPLATE_EN = "An existing file is never replaced without --force."
COMMANDS = [
    "paastolaskuri",
    "paastolaskuri template",
    "paastolaskuri check",
    "paastolaskuri calc",
    "paastolaskuri run",
    "paastolaskuri demo",
    "paastolaskuri factors",
    "paastolaskuri factors pin",
    "paastolaskuri factors import-desnz",
    "paastolaskuri commitments",
    "paastolaskuri export",
    "paastolaskuri export research",
    "paastolaskuri export vsme",
    "paastolaskuri restate",
    "paastolaskuri activities",
    "paastolaskuri actions",
    "paastolaskuri coursework",
    "paastolaskuri coursework init",
    "paastolaskuri coursework case",
    "paastolaskuri coursework build",
    "paastolaskuri coursework grade",
]


@pytest.fixture(autouse=True)
def no_lang_env(monkeypatch):
    monkeypatch.delenv("PAASTOLASKURI_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # argparse wraps at the terminal's width, "--next-" and "year" apart


def _help(capsys, *argv: str) -> str:
    """The --help output of `paastolaskuri argv`, its whitespace (line wrapping) made single spaces."""
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def _error(capsys, *argv: str) -> str:
    """The last line argparse writes for a bad command line (exit 2)."""
    with pytest.raises(SystemExit) as done:
        cli.main(list(argv))
    assert done.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def _parsers(parser: argparse.ArgumentParser):
    """The parser and every subcommand's parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _texts(parser: argparse.ArgumentParser) -> set[str]:
    """Every help, description and epilog text of the parser and its subcommands."""
    found = set()
    for p in _parsers(parser):
        found |= {p.description, p.epilog}
        for action in p._actions:
            found.add(action.help)
            found |= {choice.help for choice in getattr(action, "_choices_actions", [])}
    return found - {None, argparse.SUPPRESS}


def test_run_help_in_english_lists_the_exit_codes(capsys):
    text = _help(capsys, "run", "--lang", "en")
    assert text.startswith("usage: paastolaskuri run [-h]")
    assert EXIT_CODES_EN in text
    assert "options: -h, --help show this help message and exit" in text


def test_run_help_in_finnish_lists_the_exit_codes(capsys):
    text = _help(capsys, "run")
    assert text.startswith("käyttö: paastolaskuri run [-h]")
    assert EXIT_CODES_FI in text
    assert "valitsimet: -h, --help näytä tämä ohje ja lopeta" in text


def test_template_help_is_finnish_by_default_argparse_words_too(capsys):
    text = _help(capsys, "template")
    assert text.startswith("käyttö: paastolaskuri template [-h]")
    assert TEMPLATE_FI in text
    assert "argumentit: out kirjoitettava pohja (.xlsx), tai valitsimen --next-year kanssa kansio" in text
    assert "--force korvaa olemassa olevat tiedostot (ilman tätä niitä ei koskaan korvata)" in text
    for english in ("usage:", "options:", "positional arguments", "show this help", TEMPLATE_EN):
        assert english not in text


def test_the_environment_variable_chooses_the_help_and_lang_overrides_it(capsys, monkeypatch):
    monkeypatch.setenv("PAASTOLASKURI_LANG", "en")
    english = _help(capsys, "template")
    assert english.startswith("usage: paastolaskuri template") and TEMPLATE_EN in english
    finnish = _help(capsys, "template", "--lang", "fi")
    assert finnish.startswith("käyttö: paastolaskuri template") and TEMPLATE_FI in finnish
    assert TEMPLATE_EN in _help(capsys, "template", "--lang=en")


def test_help_lang_reads_lang_before_the_parser_exists(monkeypatch):
    assert help_lang(["run", "--lang", "en", "--help"]) == "en"
    assert help_lang(["run", "--lang=en"]) == "en"
    assert help_lang(["--lang", "en", "run", "--lang", "fi"]) == "fi"  # the last one wins, as in argparse
    assert help_lang(["run", "--lang", "sv"]) == "fi"  # not a language of ours: argparse will refuse it
    assert help_lang(["run", "--lang"]) == "fi"
    assert help_lang(["check", "--", "--lang", "en"]) == "fi"  # after --, a file name
    monkeypatch.setenv("PAASTOLASKURI_LANG", "en")
    assert help_lang(["run"]) == "en"
    monkeypatch.setenv("PAASTOLASKURI_LANG", "sv")
    assert help_lang(["run"]) == "fi"


def test_argparse_errors_are_in_the_language_of_the_messages(capsys):
    assert _error(capsys, "check") == "paastolaskuri check: virhe: pakollisia argumentteja puuttuu: files"
    assert (
        _error(capsys, "check", "--lang", "en")
        == "paastolaskuri check: error: the following arguments are required: files"
    )
    assert _error(capsys, "calc", "x.xlsx", "--format", "pdf").startswith(
        "paastolaskuri calc: virhe: argumentti --format: virheellinen valinta: 'pdf' "
        "(valitse jokin näistä: 'table', 'csv', 'json')"
    )
    assert (
        _error(capsys, "demo", "--partners", "six")
        == "paastolaskuri demo: virhe: argumentti --partners: 'six' ei kelpaa (odotettiin tyyppiä int)"
    )


def test_argparse_gets_its_own_words_back_after_the_command(capsys):
    _help(capsys, "template")
    _error(capsys, "check")
    assert vars(argparse)["_"] is gettext.gettext
    with argparse_words("fi"):
        assert vars(argparse)["_"]("usage: ") == "käyttö: "
        assert vars(argparse)["_"]("a message we do not list") == "a message we do not list"
    assert vars(argparse)["_"] is gettext.gettext


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_command_and_option_has_help(lang):
    parser = build_parser(lang)
    assert [p.prog for p in _parsers(parser)] == COMMANDS
    missing = []
    for p in _parsers(parser):
        for action in p._actions:
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{p.prog} {'/'.join(action.option_strings) or action.dest}")
            for choice in getattr(action, "_choices_actions", []):
                if not choice.help:
                    missing.append(f"{p.prog} {choice.dest}")
    assert missing == []


def test_every_finnish_help_has_argparse_words_in_finnish():
    with argparse_words("fi"):
        helps = {p.prog: " ".join(p.format_help().split()) for p in _parsers(build_parser("fi"))}
    assert list(helps) == COMMANDS
    for prog, text in helps.items():
        assert text.startswith(f"käyttö: {prog}"), prog
        assert "valitsimet:" in text and "-h, --help näytä tämä ohje ja lopeta" in text, prog
        for english in ("usage:", "options:", "positional arguments", "show this help"):
            assert english not in text, (prog, english)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_cli_help_text_is_used(lang):
    area = sorted(
        k for k in catalogue_keys() if k.startswith("cli_help.") and not k.startswith("cli_help.argparse.")
    )
    with argparse_words(lang):
        shown = _texts(build_parser(lang))
    expected = {
        key: exit_codes_help(lang) if key == "cli_help.run.exit_codes" else i18n.raw(key, lang)
        for key in area
    }
    assert [key for key, value in expected.items() if value not in shown] == []
    # no two keys share a text, so each text shown is its one key's
    assert len(set(expected.values())) == len(expected)
    assert len(area) == 101  # every command's texts, not a sample


def test_argparse_words_are_argparse_messages_of_this_python():
    assert sorted(ARGPARSE_WORDS.values()) == sorted(i18n.pairs("cli_help.argparse"))
    source = inspect.getsource(argparse)
    for message, key in ARGPARSE_WORDS.items():
        assert i18n.raw(f"cli_help.argparse.{key}", "en") == message  # the English help is argparse's own
        assert repr(message)[1:-1] in source, f"argparse no longer says {message!r}"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "fi",
            "paastolaskuri template: anna kirjoitettavan pohjan nimi, esim. pohja.xlsx (tai --next-year VUOSI)",
        ),
        ("en", "paastolaskuri template: give OUT.xlsx, the template to write (or --next-year YEAR)"),
    ],
)
def test_template_without_a_file_name_says_so_in_the_language(lang, line, tmp_path, capsys):
    assert cli.main(["template", "--lang", lang, "--workspace", str(tmp_path)]) == 2
    assert capsys.readouterr().err == line + "\n"
    assert list(tmp_path.iterdir()) == []


def test_annotate_with_two_files_is_refused_in_finnish(tmp_path, capsys):
    blank = tmp_path / "pohja.xlsx"
    assert cli.main(["template", str(blank), "--workspace", str(tmp_path)]) == 0
    marked = tmp_path / "merkitty.xlsx"
    argv = ["check", str(blank), str(blank), "--annotate", str(marked), "--workspace", str(tmp_path)]
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == "paastolaskuri check --annotate: anna tasan yksi tiedosto\n"
    assert not marked.exists()


@pytest.mark.parametrize(("lang", "word"), [("fi", "keskeytetty"), ("en", "interrupted")])
def test_an_interrupted_command_says_so_in_the_language(lang, word, monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_activities", interrupted)
    assert cli.main(["activities", "--lang", lang]) == INTERRUPTED
    assert capsys.readouterr().err == word + "\n"
