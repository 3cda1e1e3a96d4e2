"""The report classes under their former module name: `PartnerReport` and `NetworkReport`.

The sections live in `partner_report` and `network_report` (their pieces in `partner_parts` and
`network_parts`, the shared HTML in `html`, the texts in `report_texts`). Notebooks import them
from `paastolaskuri.report`.
"""

from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.partner_report import PartnerReport

__all__ = ["NetworkReport", "PartnerReport"]
