"""Stable import path for the report notebooks: ``from paastolaskuri.report import PartnerReport``.

The sections themselves live in :mod:`paastolaskuri.reporting.partner_report` and
:mod:`paastolaskuri.reporting.network_report`; each returns a displayable `Block`.
"""

from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.partner_report import PartnerReport

__all__ = ["NetworkReport", "PartnerReport"]
