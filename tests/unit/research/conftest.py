"""The research tests' shared fixture: the microdata's audit against the public figures switched off.

These tests build networks of 3-30 partners by hand to test the microdata's other properties (consent,
files, pseudonyms, k-anonymity, the noise's arithmetic). Beside the public report of such a network
the audit (`research.microdata_audit`) withholds most partners or refuses the export, which is its
purpose, and costs up to a minute on the 30-partner network. It is tested where it is the subject:
tests/security/test_microdata_public.py (the exports) and tests/unit/research/test_microdata_audit.py
(its pieces, no export).
"""

from __future__ import annotations

import pytest

from paastolaskuri.research import package


@pytest.fixture(autouse=True)
def without_public_audit(monkeypatch):
    """Every consenting partner released, as before the audit."""
    monkeypatch.setattr(
        package,
        "audited_microdata",
        lambda ws, years, key, k, with_lines: package.build_tables(ws, years, key, k, with_lines),
    )
