"""Sourced constants of the coursework cases (each with publisher, document, year and confidence)."""

from __future__ import annotations

from dataclasses import dataclass

#: the reporting year of every case (a year with a pinned factor set)
CASE_YEAR = 2024


@dataclass(frozen=True)
class SourcedValue:
    """A number with its source and a confidence mark (verified / unverified), as every factor has."""

    value: float
    publisher: str
    document: str
    year: int
    url: str
    confidence: str
    note: str = ""


#: Finland's general VAT rate on goods and services delivered from 1.9.2024 (24 % before that).
VAT_RATE = SourcedValue(
    value=0.255,
    publisher="Verohallinto (Finnish Tax Administration)",
    document="Arvonlisäverokannat: yleinen verokanta 25,5 % 1.9.2024 alkaen (24 % 1.1.2013–31.8.2024)",
    year=2024,
    url="https://www.vero.fi/yritykset-ja-yhteisot/verot-ja-maksut/arvonlisaverotus/verokannat/",
    confidence="unverified",
    note="the primary vero.fi page was not read; the rates and the date were seen in secondary sources "
    "(Suomen Yrittäjät, yrittajat.fi, and Hellen, hellen.fi, 2024) quoting the law change",
)

#: the general rate before 1.9.2024: a case's invoices are dated after the change, so 24 % is a slip
VAT_RATE_BEFORE = SourcedValue(
    value=0.24,
    publisher=VAT_RATE.publisher,
    document=VAT_RATE.document,
    year=2013,
    url=VAT_RATE.url,
    confidence="unverified",
    note=VAT_RATE.note,
)
