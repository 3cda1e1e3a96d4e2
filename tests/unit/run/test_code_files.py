"""What counts as "the code" for reruns: a changed text must rerun the reports that show it."""

from __future__ import annotations

from paastolaskuri.run.plan import PACKAGE_DIR, code_files


def test_the_message_catalogues_count_as_code():
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in code_files()}
    assert "locale/fi/LC_MESSAGES/paastolaskuri.po" in names
    assert "locale/en/LC_MESSAGES/paastolaskuri.po" in names
    assert "run/plan.py" in names and "accounting/catalogue_data/activities.csv" in names
    assert not any("__pycache__" in n or n.endswith((".pyc", ".lock")) for n in names)
