"""The partner and network reports' own texts, in Finnish and English (one (fi, en) pair per key).

Texts from the package's other tables (category labels, totals labels, suppression words) stay
with their modules; numbers are filled in by `numformat` through the sections.
"""

from __future__ import annotations

from paastolaskuri.core.i18n import text


def t(key: str, lang: str, **kw: object) -> str:
    """The text `key` in `lang` ("fi" or "en"), with its fields filled in."""
    return text(f"report.{key}", lang, **kw)
