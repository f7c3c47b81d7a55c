"""Where people turn when a public body does not remove a barrier: the enforcement or arbitration
body named in the Erklärung zur Barrierefreiheit.

Federal bodies: the Schlichtungsstelle nach § 16 BGG. Land and municipal bodies: the body their
Land's law sets up. The table holds only bodies whose name and contact were checked in an official
source (the source is noted beside each); for every other Land the publisher names the body in
``_config.yml`` (``kursbuch: publisher: enforcement:``) and, until then, the statement shows a marked
placeholder and ``settings.problems`` reports the missing configuration. Checked: December 2026.
"""

from __future__ import annotations

from typing import NamedTuple

LAENDER = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}


class Body(NamedTuple):
    name: str
    address: str
    email: str
    url: str
    basis: str  # the legal basis, as the statement names it


FEDERAL = Body(
    "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem oder der Beauftragten der "
    "Bundesregierung für die Belange von Menschen mit Behinderungen",
    "",
    "",
    "https://www.schlichtungsstelle-bgg.de",
    "§ 16 BGG",
)

# Source: the Land's or the body's own pages (see the module docstring for the date).
LAND_BODIES: dict[str, Body] = {
    # lbbp.nrw.de/ombudsstelle; it.nrw (Überwachungsstelle NRW) names the e-mail address.
    "NW": Body(
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der Beauftragten "
        "für die Belange der Menschen mit Behinderung",
        "",
        "ombudsstelle-barrierefreie-it@mags.nrw.de",
        "https://www.lbbp.nrw.de/ombudsstelle",
        "§§ 10d, 10e BGG NRW und §§ 9 ff. BITV NRW",
    ),
    # service.bremen.de: "Beschwerde gegen einen Verstoß gegen die Barrierefreiheit bei digitalen Angeboten".
    "HB": Body(
        "Zentralstelle für barrierefreie Informationstechnik der Freien Hansestadt Bremen",
        "",
        "",
        "https://www.service.bremen.de/dienstleistungen/"
        "beschwerde-gegen-einen-verstoss-gegen-die-barrierefreiheit-bei-digitalen-angeboten-oeffentlicher-stellen-139830",
        "Bremisches Behindertengleichstellungsgesetz",
    ),
}


def enforcement_body(level: str, land: str) -> Body | None:
    """The body for a federal, Land or municipal publisher; None where the table has none."""
    if level == "bund":
        return FEDERAL
    return LAND_BODIES.get(land)
