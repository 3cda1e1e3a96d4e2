"""The hints a failed check gives: each names the likely mistake, in Finnish (first line) and English."""

from __future__ import annotations

from paastolaskuri.core.i18n import pair


def hint_lines(exercise: str, key: str, **params) -> str:
    """The two-line message of a failed check: Finnish first, English second, each naming the exercise."""
    fi, en = pair(f"coursework.hint.{key}")
    fi_params = {k: (v[0] if isinstance(v, tuple) else v) for k, v in params.items()}
    en_params = {k: (v[1] if isinstance(v, tuple) else v) for k, v in params.items()}
    return f"{exercise}: {fi.format(**fi_params)}\n{exercise}: {en.format(**en_params)}"
