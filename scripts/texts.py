"""Add, change or check texts in the message catalogue (both languages at once).

    python scripts/texts.py add KEY --fi "Finnish text" --en "English text" [--after KEY]
    python scripts/texts.py add KEY --fi "{n} virhe" "{n} virhettä" --en "{n} error" "{n} errors"
    python scripts/texts.py set KEY --fi "..." --en "..."
    python scripts/texts.py check

The catalogues are ``lib/paastolaskuri/locale/{fi,en}/LC_MESSAGES/paastolaskuri.po`` (see
``paastolaskuri.core.i18n``). Order in the files is kept: a new key goes after `--after` or at the end of
its area (the keys sharing its prefix), so drop-down lists keep the order they were written in.
"""

from __future__ import annotations

import argparse
import fcntl
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lib"))

from paastolaskuri.core.i18n import LANGS, catalogue_path, placeholders  # noqa: E402


def _read(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def _write(lang: str, catalog: Catalog) -> None:
    path = catalogue_path(lang)
    # a new Catalog is fuzzy by default, and a fuzzy header makes gettext tools skip the whole file
    catalog.fuzzy = False
    tmp = path.with_suffix(".po.tmp")
    with tmp.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False, omit_header=False)
    tmp.replace(path)


def _area(key: str) -> str:
    return key.rsplit(".", 1)[0]


def _insert(catalog: Catalog, key: str, string: str | tuple[str, ...], after: str | None) -> Catalog:
    messages = [m for m in catalog if m.id]
    ids = [m.id[0] if isinstance(m.id, tuple | list) else m.id for m in messages]
    if after is None:
        same = [i for i, k in enumerate(ids) if _area(k) == _area(key)]
        position = (same[-1] + 1) if same else len(ids)
    else:
        position = ids.index(after) + 1
    fresh = Catalog(locale=catalog.locale, domain=catalog.domain, header_comment=catalog.header_comment)
    fresh.mime_headers = catalog.mime_headers
    new_id = (key, key) if isinstance(string, tuple) else key
    for i, message in enumerate([*messages[:position], None, *messages[position:]]):
        if message is None:
            fresh.add(new_id, string=string)
        else:
            fresh.add(
                message.id, string=message.string, flags=message.flags, auto_comments=message.auto_comments
            )
        del i
    return fresh


def add(key: str, texts: dict[str, list[str]], after: str | None, replace: bool) -> None:
    """Put `key` with its Finnish and English texts into both catalogues."""
    for lang in LANGS:
        catalog = _read(lang)
        value = texts[lang]
        string = tuple(value) if len(value) > 1 else value[0]
        exists = key in catalog or (key, key) in [m.id for m in catalog if isinstance(m.id, tuple)]
        if exists and not replace:
            raise SystemExit(f"{key} is already in the {lang} catalogue: use set to change it")
        if exists:
            catalog[key].string = string
        else:
            catalog = _insert(catalog, key, string, after)
        _write(lang, catalog)


def check() -> int:
    """Print every key missing from a language or with different placeholders; 0 when clean."""
    found = {lang: {m.id: m.string for m in _read(lang) if m.id} for lang in LANGS}
    problems = []
    for key in sorted(set(found["fi"]) | set(found["en"]), key=str):
        if key not in found["fi"] or key not in found["en"]:
            problems.append(f"{key}: missing in {'fi' if key not in found['fi'] else 'en'}")
            continue
        fi, en = found["fi"][key], found["en"][key]
        fi_names = placeholders(" ".join(fi) if isinstance(fi, tuple) else fi)
        en_names = placeholders(" ".join(en) if isinstance(en, tuple) else en)
        if fi_names != en_names:
            problems.append(f"{key}: placeholders differ: fi {sorted(fi_names)}, en {sorted(en_names)}")
    print("\n".join(problems) or f"{len(found['fi'])} texts, both languages, same placeholders")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("add", "set"):
        p = sub.add_parser(name)
        p.add_argument("key")
        p.add_argument("--fi", nargs="+", required=True)
        p.add_argument("--en", nargs="+", required=True)
        p.add_argument("--after")
    sub.add_parser("check")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    # several people (or sessions) may add texts at once: one writer at a time
    with (catalogue_path("fi").parent.parent.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        add(args.key, {"fi": args.fi, "en": args.en}, args.after, replace=args.command == "set")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
