"""A package as files in memory, its portability checks, and its deterministic zip.

``check_package`` does what the SCORM XSDs cannot: every ``identifierref`` resolves, every
listed file exists and every file is listed, identifiers are unique XML names, file names
are portable (ASCII, no spaces), the manifest sits at the zip root, a mastery score is
at most 100 and equals the content's pass mark.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
PORTABLE = re.compile(r"^[a-z0-9][a-z0-9._/-]*$")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed: the same content gives the same zip bytes


@dataclass
class Package:
    name: str  # zip file name stem, e.g. kursbuch-m01-scorm12
    version: str
    files: dict[str, bytes] = field(default_factory=dict)
    pass_marks: dict[str, int | None] = field(default_factory=dict)  # module -> pass mark from the content

    def zip_bytes(self) -> bytes:
        buf = io.BytesIO()
        names = ["imsmanifest.xml", *sorted(n for n in self.files if n != "imsmanifest.xml")]
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, self.files[name])
        return buf.getvalue()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_package(files: dict[str, bytes], pass_marks: dict[str, int | None]) -> list[str]:
    """Problems of a package given as {path in zip: content}; empty when it is sound."""
    problems: list[str] = []
    if "imsmanifest.xml" not in files:
        return ["imsmanifest.xml is not at the root of the package"]
    root = ET.fromstring(files["imsmanifest.xml"])
    ids: dict[str, int] = {}
    for node in root.iter():
        ident = node.get("identifier")
        if ident is not None:
            ids[ident] = ids.get(ident, 0) + 1
            if not NCNAME.match(ident):
                problems.append(f"identifier {ident!r} is not a valid XML name")
    problems += [f"identifier {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    resources = {r.get("identifier"): r for r in root.iter() if _local(r.tag) == "resource"}
    listed: set[str] = set()
    for node in root.iter():
        ref = node.get("identifierref")
        if ref is not None and ref not in resources:
            who = f"{_local(node.tag)} {node.get('identifier')}" if node.get("identifier") else _local(node.tag)
            problems.append(f"{who} refers to missing resource {ref!r}")
        if _local(node.tag) == "file":
            listed.add(node.get("href"))
    orgs = next((n for n in root.iter() if _local(n.tag) == "organizations"), None)
    if orgs is not None and orgs.get("default") not in ids:
        problems.append(f"organizations/@default {orgs.get('default')!r} names no organization")
    for ident, res in resources.items():
        href = res.get("href")
        scorm_type = next((v for k, v in res.attrib.items() if _local(k).lower() == "scormtype"), None)
        if scorm_type == "sco" and not href:
            problems.append(f"resource {ident} is a SCO without href")
        if href and href not in files:
            problems.append(f"resource {ident} launches {href!r}, which is not in the package")
    for name in sorted(listed - set(files)):
        problems.append(f"manifest lists {name!r}, which is not in the package")
    for name in sorted(set(files) - listed - {"imsmanifest.xml"}):
        problems.append(f"{name!r} is in the package but not listed in the manifest")
    for name in sorted(files):
        if not PORTABLE.match(name) or ".." in name.split("/"):
            problems.append(f"file name {name!r} is not portable (lowercase ASCII letters, digits, . _ - / only)")
    for item in (n for n in root.iter() if _local(n.tag) == "item"):
        module = item.get("identifier", "").removeprefix("ITEM-")
        expected = pass_marks.get(module)
        mastery = next((n.text for n in item.iter() if _local(n.tag) in ("masteryscore",)), None)
        measure = next((n.text for n in item.iter() if _local(n.tag) == "minNormalizedMeasure"), None)
        if mastery is not None and not re.fullmatch(r"\d+(\.\d+)?", mastery.strip()):
            problems.append(f"item {module}: masteryscore {mastery!r} is not a number")
        elif mastery is not None:
            if not 0 <= float(mastery) <= 100:
                problems.append(f"item {module}: masteryscore {mastery} is not between 0 and 100")
            if expected is None or float(mastery) != expected:
                problems.append(f"item {module}: masteryscore {mastery} differs from the pass mark {expected}")
        if measure is not None and (expected is None or abs(float(measure) * 100 - expected) > 1e-9):
            problems.append(f"item {module}: minNormalizedMeasure {measure} differs from the pass mark {expected}")
        if mastery is None and measure is None and expected is not None:
            problems.append(f"item {module}: no mastery score although the module has a pass mark of {expected}")
    return problems
