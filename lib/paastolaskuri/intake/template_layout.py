"""The template's contract: sheet names, organisation fields and activity columns, shared by writer and reader."""

from __future__ import annotations

from dataclasses import dataclass

from paastolaskuri.i18n import by_lang, pairs

TEMPLATE_VERSION = "1"

SHEETS = by_lang("template.sheet")


@dataclass(frozen=True)
class Field:
    """One organisation field: its key, bilingual label (column A), kind, and help text (column C)."""

    key: str
    label_fi: str
    label_en: str
    kind: str  # text, int, number, sector, consent (kyllä / ei)
    required: bool
    help_fi: str
    help_en: str

    def label(self, lang: str) -> str:
        """The label in column A: always bilingual, "fi / en" (the reader accepts either half)."""
        return f"{self.label_fi} / {self.label_en}"


ORGANISATION_FIELDS = [
    Field(
        "partner_id",
        "Kumppanin tunnus",
        "Partner ID",
        "text",
        True,
        "Koordinaattorin antama lyhyt tunnus, esim. saha-oy.",
        "Short ID given by the coordinator, e.g. saha-oy.",
    ),
    Field(
        "name",
        "Nimi",
        "Name",
        "text",
        True,
        "Organisaation virallinen nimi.",
        "The organisation's official name.",
    ),
    Field(
        "sector",
        "Toimiala (TOL 2008)",
        "Sector (TOL 2008)",
        "sector",
        False,
        "Toimialakoodi (kirjain A–U tai numerokoodi, esim. 16101).",
        "Industry code (letter A–U or numeric code, e.g. 16101).",
    ),
    Field(
        "employees_fte",
        "Henkilöstö (htv)",
        "Employees (FTE)",
        "number",
        False,
        "Henkilötyövuodet raportointivuonna.",
        "Full-time equivalents in the reporting year.",
    ),
    Field(
        "floor_area_m2",
        "Pinta-ala (m²)",
        "Floor area (m²)",
        "number",
        False,
        "Käytössä olevien tilojen bruttoala.",
        "Gross floor area of the premises in use.",
    ),
    Field(
        "revenue_eur",
        "Liikevaihto (€)",
        "Revenue (€)",
        "number",
        False,
        "Liikevaihto tai vuoden menot (yhdistykset).",
        "Revenue, or the year's expenditure for associations.",
    ),
    Field(
        "year",
        "Raportointivuosi",
        "Reporting year",
        "int",
        True,
        "Vuosi, jota tiedot koskevat.",
        "The year the data covers.",
    ),
    Field(
        "base_year",
        "Perusvuosi",
        "Base year",
        "int",
        False,
        "Vertailuvuosi tavoitteille (tyhjä = ensimmäinen raportoitu vuosi).",
        "Reference year for targets (empty = first year reported).",
    ),
    Field("contact", "Yhteyshenkilö", "Contact", "text", False, "Nimi ja sähköposti.", "Name and e-mail."),
    Field(
        "research_use",
        "Tutkimuskäyttö",
        "Research use",
        "consent",
        False,
        "Saako verkoston tutkimusaineistoon ottaa organisaation luvut tunnisteettomina (kyllä / ei; tyhjä = ei)?",
        "May the organisation's figures enter the network's pseudonymised research dataset (yes / no; empty = no)?",
    ),
]
ORG_HEADER_ROW = 2  # row of "Tieto / Field", "Arvo / Value", "Ohje / Help"
ORG_FIRST_ROW = 3


@dataclass(frozen=True)
class Column:
    """One activity column: key, fixed letter, bilingual header (row 6) and width in character units."""

    key: str
    letter: str
    label_fi: str
    label_en: str
    width: int
    required: bool = False

    def label(self) -> str:
        """The header on row 6: "fi / en"."""
        return f"{self.label_fi} / {self.label_en}"


ACTIVITY_COLUMNS = [
    Column("site", "A", "Toimipaikka", "Site", 18),
    Column("activity", "B", "Toiminto", "Activity", 44, True),
    Column("quantity", "C", "Määrä", "Quantity", 13, True),
    Column("unit", "D", "Yksikkö", "Unit", 10, True),
    Column("quality", "E", "Tiedon laatu", "Data quality", 15),
    Column("own_factor", "F", "Oma kerroin (kg CO2e/yksikkö)", "Own factor (kg CO2e/unit)", 17),
    Column("own_factor_source", "G", "Oman kertoimen lähde", "Own factor source", 24),
    Column("contract", "H", "Sopimus (sähkö, lämpö)", "Contract (electricity, heat)", 19),
    Column("note", "I", "Huomautus", "Note", 24),
    Column("last_year", "J", "Edellinen vuosi", "Last year", 12),
]
ACTIVITY_HEADER_ROW = 6
ACTIVITY_FIRST_ROW = 7
BLANK_ROWS = 200  # rows with drop-downs prepared in a new template

QUALITY_VALUES = pairs("template.quality")
CONTRACT_VALUES = pairs("template.contract")
CONSENT_VALUES = pairs("template.consent")


def quality_label(key: str) -> str:
    """The drop-down text of a data-quality key ("measured" -> "mitattu / measured")."""
    fi, en = QUALITY_VALUES[key]
    return f"{fi} / {en}"


def contract_label(key: str) -> str:
    """The drop-down text of a contract key ("go" -> "alkuperätakuu / guarantees of origin")."""
    fi, en = CONTRACT_VALUES[key]
    return f"{fi} / {en}"


def consent_label(key: str) -> str:
    """The drop-down text of a research-use answer ("yes" -> "kyllä / yes")."""
    fi, en = CONSENT_VALUES[key]
    return f"{fi} / {en}"


# TOL 2008 sections (identical to NACE Rev. 2) and the two-digit divisions each covers
TOL_SECTIONS = [
    ("A", 1, 3, "Maatalous, metsätalous ja kalatalous", "Agriculture, forestry and fishing"),
    ("B", 5, 9, "Kaivostoiminta ja louhinta", "Mining and quarrying"),
    ("C", 10, 33, "Teollisuus", "Manufacturing"),
    (
        "D",
        35,
        35,
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    ("E", 36, 39, "Vesi-, viemäri- ja jätehuolto", "Water supply, sewerage and waste management"),
    ("F", 41, 43, "Rakentaminen", "Construction"),
    ("G", 45, 47, "Tukku- ja vähittäiskauppa", "Wholesale and retail trade"),
    ("H", 49, 53, "Kuljetus ja varastointi", "Transportation and storage"),
    ("I", 55, 56, "Majoitus- ja ravitsemistoiminta", "Accommodation and food service"),
    ("J", 58, 63, "Informaatio ja viestintä", "Information and communication"),
    ("K", 64, 66, "Rahoitus- ja vakuutustoiminta", "Financial and insurance activities"),
    ("L", 68, 68, "Kiinteistöalan toiminta", "Real estate activities"),
    (
        "M",
        69,
        75,
        "Ammatillinen, tieteellinen ja tekninen toiminta",
        "Professional, scientific and technical activities",
    ),
    ("N", 77, 82, "Hallinto- ja tukipalvelutoiminta", "Administrative and support service activities"),
    ("O", 84, 84, "Julkinen hallinto ja maanpuolustus", "Public administration and defence"),
    ("P", 85, 85, "Koulutus", "Education"),
    ("Q", 86, 88, "Terveys- ja sosiaalipalvelut", "Human health and social work"),
    ("R", 90, 93, "Taiteet, viihde ja virkistys", "Arts, entertainment and recreation"),
    ("S", 94, 96, "Muu palvelutoiminta (ml. järjestöt)", "Other service activities (incl. associations)"),
    ("T", 97, 98, "Kotitalouksien toiminta työnantajina", "Activities of households as employers"),
    ("U", 99, 99, "Kansainvälisten organisaatioiden toiminta", "Extraterritorial organisations"),
]


def tol_section(code: str) -> str | None:
    """The TOL 2008 section letter of a code such as 'C', '16', '16101', 'C 16101' or 'C - Teollisuus'; None if invalid."""
    text = str(code).strip().upper()
    if not text:
        return None
    letters = {s[0] for s in TOL_SECTIONS}
    head = text.split()[0].rstrip(".:-")
    if head in letters:
        return head
    digits = head.replace(".", "")
    if digits.isdigit() and 2 <= len(digits) <= 5:
        division = int(digits[:2])
        for letter, low, high, *_ in TOL_SECTIONS:
            if low <= division <= high:
                return letter
    return None


def tol_label(letter: str, lang: str) -> str:
    """The name of TOL 2008 section `letter` in `lang`; the letter itself if unknown."""
    for s in TOL_SECTIONS:
        if s[0] == letter:
            return s[3] if lang == "fi" else s[4]
    return letter
