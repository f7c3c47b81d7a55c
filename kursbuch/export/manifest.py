"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th edition.

One organization; one item and one SCO resource per module; one shared asset resource
that every SCO depends on. Identifiers are built from content ids (valid, unique XML
names); the mastery score (1.2) and the minimum normalized measure (2004) equal the
module quiz's pass mark. No inline 1.2 metadata (its schema violates UPA). Output is
byte-identical for the same input.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

XSI = "http://www.w3.org/2001/XMLSchema-instance"

NS_12 = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
LOCATIONS_12 = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)
NS_2004 = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
LOCATIONS_2004 = (
    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
)


@dataclass
class Sco:
    """One module as a SCO: its launch file, the files only it uses, and its pass mark."""

    module: str
    title: str
    launch: str
    files: list[str]
    pass_percent: int | None


@dataclass
class PackageSpec:
    identifier: str
    title: str
    version: str  # "1.2" or "2004"
    scos: list[Sco]
    shared_files: list[str] = field(default_factory=list)


def _q(ns: dict[str, str], prefix: str, tag: str) -> str:
    return f"{{{ns[prefix]}}}{tag}"


def manifest_xml(spec: PackageSpec) -> bytes:
    ns = NS_12 if spec.version == "1.2" else NS_2004
    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)
    ET.register_namespace("xsi", XSI)

    def el(parent, tag, prefix="", text=None, **attrs):
        node = ET.SubElement(parent, _q(ns, prefix, tag)) if parent is not None else ET.Element(_q(ns, prefix, tag))
        for k, v in attrs.items():
            node.set(k, v)
        if text is not None:
            node.text = text
        return node

    root = el(None, "manifest", identifier=spec.identifier, version="1")
    root.set(f"{{{XSI}}}schemaLocation", LOCATIONS_12 if spec.version == "1.2" else LOCATIONS_2004)
    meta = el(root, "metadata")
    el(meta, "schema", text="ADL SCORM")
    el(meta, "schemaversion", text="1.2" if spec.version == "1.2" else "2004 4th Edition")

    orgs = el(root, "organizations", default="ORG-kursbuch")
    org = el(orgs, "organization", identifier="ORG-kursbuch")
    el(org, "title", text=spec.title)
    for sco in spec.scos:
        item = el(org, "item", identifier=f"ITEM-{sco.module}", identifierref=f"RES-{sco.module}")
        el(item, "title", text=sco.title)
        if spec.version == "1.2":
            if sco.pass_percent is not None:
                el(item, "masteryscore", "adlcp", text=str(sco.pass_percent))
        elif sco.pass_percent is not None:
            seq = el(item, "sequencing", "imsss")
            objectives = el(seq, "objectives", "imsss")
            primary = el(
                objectives, "primaryObjective", "imsss", objectiveID=f"OBJ-{sco.module}", satisfiedByMeasure="true"
            )
            el(primary, "minNormalizedMeasure", "imsss", text=_measure(sco.pass_percent))

    resources = el(root, "resources")
    scorm_type = "scormtype" if spec.version == "1.2" else "scormType"
    for sco in spec.scos:
        res = el(resources, "resource", identifier=f"RES-{sco.module}", type="webcontent", href=sco.launch)
        res.set(_q(ns, "adlcp", scorm_type), "sco")
        for f in sco.files:
            el(res, "file", href=f)
        el(res, "dependency", identifierref="RES-shared")
    shared = el(resources, "resource", identifier="RES-shared", type="webcontent")
    shared.set(_q(ns, "adlcp", scorm_type), "asset")
    for f in spec.shared_files:
        el(shared, "file", href=f)

    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _measure(percent: int) -> str:
    """pass_percent as a normalized measure with a decimal point: 70 -> 0.7, 100 -> 1.0."""
    return f"{percent / 100:.2f}".rstrip("0").rstrip(".") if percent % 100 else ("1.0" if percent else "0.0")
