"""Stable import path for the report notebooks: ``from paastolaskuri.report import PartnerReport``.

The sections themselves live in :mod:`paastolaskuri.reporting`.
"""

from paastolaskuri.reporting.reports import NetworkReport, PartnerReport

__all__ = ["NetworkReport", "PartnerReport"]
