"""What the fictional case partner typed into its template: business words, places, contact, sources.

These are the partner's own entries, in Finnish as a Finnish partner would type them, the same in
both languages of the case (a real partner's template is not translated either). Each one marks
the case as fictional. What the workbench itself says to the student is in the message catalogue.
"""

from __future__ import annotations

# (TOL 2008 section, Finnish business word, English business word)
SECTORS = (
    ("C", "Puutuote", "Wood Products"),
    ("F", "Rakennus", "Construction"),
    ("G", "Kauppa", "Trading"),
    ("H", "Kuljetus", "Transport"),
    ("I", "Ravintola", "Restaurant"),
    ("J", "Ohjelmisto", "Software"),
    ("M", "Suunnittelu", "Design"),
    ("N", "Kiinteistöpalvelu", "Facility Services"),
)
PLACES = ("Koivula", "Pihlaja", "Kuusela", "Haapala", "Vaahtera", "Katajisto", "Lehtola", "Mäntylä")
CONTACT = "kurssitehtävä / coursework"
#: the organisation's name: "HARJOITUS: Koivulan Kauppa Oy (kuvitteellinen kurssitapaus)"
NAME = "HARJOITUS: {place}n {business} Oy (kuvitteellinen kurssitapaus)"
SITE = "{place} (kuvitteellinen)"
OWN_FACTOR_SOURCE = "Sähkönmyyjän päästötieto {year} (kuvitteellinen)"
#: a practice case's name starts with this (practice cases are for self-study: never graded)
PRACTICE_NAME_PREFIX = "KOKEILU / PRACTICE:"
