"""The one message catalogue: every Finnish and English text a partner, student or coordinator reads.

The texts live in two gettext catalogues, ``locale/fi/LC_MESSAGES/paastolaskuri.po`` and
``locale/en/LC_MESSAGES/paastolaskuri.po``, read with Babel (which also formats our numbers).
Each message is found by a stable key such as ``problem.file_missing`` or ``report.partner_title``
(the part before the last dot is its area), so rewording the English never orphans the Finnish.
Placeholders are Python's ``{name}``; counted words use gettext plural forms.

Use :func:`text` for one message and :func:`plural` for a counted one. Modules that look texts up
by a short key of their own area take a view: :func:`pairs` ("key" -> (fi, en)) or
:func:`by_lang` ("key" -> {"fi": ..., "en": ...}). To add or change a text, edit both ``.po`` files
(Poedit or any text editor) or run ``python scripts/texts.py add KEY --fi ... --en ...``;
``tests/unit/core/test_i18n.py`` checks that every key is in both languages with the same placeholders.
"""

from __future__ import annotations

import hashlib
import json
import os
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LANGS = ("fi", "en")
DOMAIN = "paastolaskuri"
LOCALE_DIR = Path(__file__).parents[1] / "locale"


def catalogue_path(lang: str) -> Path:
    """The ``.po`` file holding every text in `lang`."""
    return LOCALE_DIR / _checked(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _checked(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


@cache
def catalogue(lang: str) -> Catalog:
    """The Babel catalogue of `lang`, read once per process."""
    from babel.messages.pofile import read_po  # only when the cached texts are missing or stale

    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


@dataclass(frozen=True)
class _Texts:
    plural: str  # the catalogue's gettext plural expression, e.g. "(n != 1)"
    texts: dict[str, str | tuple[str, ...]]


def _strings(lang: str) -> dict[str, str | tuple[str, ...]]:
    return _loaded(lang).texts


@cache
def _loaded(lang: str) -> _Texts:
    # Babel's read_po takes ~0.1 s per language; every CLI call and report kernel needs the texts,
    # so the parsed texts are kept in the user's cache, under the .po file's hash (never stale)
    po = catalogue_path(lang).read_bytes()
    cached = cache_dir() / f"{DOMAIN}-{lang}-{hashlib.sha256(po).hexdigest()[:20]}.json"
    try:
        return _from_json(json.loads(cached.read_text("utf-8")))
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass
    found = {"plural": catalogue(lang).plural_expr, "texts": _parse(lang)}
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(found, ensure_ascii=False), "utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home: parse each time
    return _from_json(found)


def _from_json(data: dict) -> _Texts:
    texts = {k: tuple(v) if isinstance(v, list | tuple) else str(v) for k, v in data["texts"].items()}
    return _Texts(str(data["plural"]), texts)


def _parse(lang: str) -> dict[str, str | tuple[str, ...]]:
    found: dict[str, str | tuple[str, ...]] = {}
    for message in catalogue(lang):
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        string = message.string or ""
        found[key] = tuple(string) if isinstance(string, tuple | list) else string
    return found


def cache_dir() -> Path:
    """Where parsed catalogues are kept: $PAASTOLASKURI_CACHE, else $XDG_CACHE_HOME/paastolaskuri, else ~/.cache/paastolaskuri."""
    if os.environ.get("PAASTOLASKURI_CACHE"):
        return Path(os.environ["PAASTOLASKURI_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paastolaskuri"


def all_keys() -> frozenset[str]:
    """Every key in either language's catalogue."""
    return frozenset(_strings("fi")) | frozenset(_strings("en"))


def raw(key: str, lang: str) -> str:
    """The text of `key` in `lang` exactly as written in the catalogue (placeholders unfilled)."""
    value = _strings(_checked(lang)).get(key)
    if value is None:
        raise KeyError(f"no text {key!r} in the {lang} catalogue {catalogue_path(lang)}")
    if isinstance(value, tuple):
        raise KeyError(f"text {key!r} is counted: use plural({key!r}, n, lang)")
    return value


def text(key: str, lang: str, /, **params: object) -> str:
    """The text of `key` in `lang` with its ``{placeholders}`` filled from `params`."""
    value = raw(key, lang)
    return value.format(**params) if params else value


def text_or(key: str, lang: str, default: str, /, **params: object) -> str:
    """:func:`text` when the catalogue has `key`, else `default` (a data value with no label of its own)."""
    return text(key, lang, **params) if key in _strings(_checked(lang)) else default


def plural(key: str, n: int, lang: str, /, **params: object) -> str:
    """The counted text of `key` for `n` in `lang` (gettext plural forms), `{n}` and `params` filled in."""
    forms = _strings(_checked(lang)).get(key)
    if not isinstance(forms, tuple):
        raise KeyError(f"no counted text {key!r} in the {lang} catalogue {catalogue_path(lang)}")
    return forms[min(_plural_rule(lang)(n), len(forms) - 1)].format(n=n, **params)


@cache
def _plural_rule(lang: str) -> Callable[[int], int]:
    # the catalogue header's own C expression ("nplurals=2; plural=(n != 1);"), as gettext reads it
    import gettext

    return gettext.c2py(_loaded(lang).plural)


def placeholders(value: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in a text (for the catalogue's own checks)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(value) if name)


def _area(prefix: str) -> dict[str, tuple[str, str]]:
    start = prefix + "."
    fi, en = _strings("fi"), _strings("en")
    found = {}
    for key, value in fi.items():
        rest = key[len(start) :]
        if key.startswith(start) and "." not in rest and isinstance(value, str):
            found[rest] = (value, raw(key, "en") if key in en else value)
    return found


def pairs(prefix: str) -> dict[str, tuple[str, str]]:
    """Every text directly under `prefix` as "short key" -> (fi, en)."""
    return _area(prefix)


def by_lang(prefix: str) -> dict[str, dict[str, str]]:
    """Every text directly under `prefix` as "short key" -> {"fi": ..., "en": ...}."""
    return {key: dict(zip(LANGS, both, strict=True)) for key, both in _area(prefix).items()}


def choose(lang: str, fi: str, en: str) -> str:
    """`fi` or `en` by the reader's language (for a pair already taken from the catalogue)."""
    return fi if _checked(lang) == "fi" else en


def pair(key: str) -> tuple[str, str]:
    """The (fi, en) texts of one key, placeholders unfilled."""
    return raw(key, "fi"), raw(key, "en")


def per_lang(prefix: str) -> dict[str, dict[str, str]]:
    """Every text directly under `prefix` as language -> {"short key": text}."""
    area = _area(prefix)
    return {lang: {key: both[i] for key, both in area.items()} for i, lang in enumerate(LANGS)}
