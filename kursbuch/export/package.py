"""A package as files in memory, its checks, and its deterministic zip (descriptor first).

``check_package`` does what no schema can: the target's own checks of its descriptor (for the
SCORM targets: references resolve, every listed file exists and every file is listed,
identifiers are unique XML names, the mastery score equals the content's pass mark), and for
every target portable file names (lowercase ASCII, no spaces).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from .target import PassMarks, Target

PORTABLE = re.compile(r"^[a-z0-9][a-z0-9._/-]*$")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed: the same content gives the same zip bytes


@dataclass
class Package:
    name: str  # zip file name stem: kursbuch-<module or "kurs">-<target tag>
    target: Target
    files: dict[str, bytes] = field(default_factory=dict)
    pass_marks: dict[str, int | None] = field(default_factory=dict)  # module -> pass mark from the content

    def zip_bytes(self) -> bytes:
        buf = io.BytesIO()
        first = self.target.manifest_name  # at the zip root, and the first entry
        names = [first, *sorted(n for n in self.files if n != first)]
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, self.files[name])
        return buf.getvalue()


def check_package(files: dict[str, bytes], pass_marks: PassMarks, target: Target) -> list[str]:
    """Problems of a package given as {path in zip: content}; empty when it is sound.

    The target checks its own descriptor (references, listed files, mastery score against the
    pass mark); the file names are checked here, the same for every target."""
    problems = target.check(files, pass_marks)
    for name in sorted(files):
        if not PORTABLE.match(name) or ".." in name.split("/"):
            problems.append(f"file name {name!r} is not portable (lowercase ASCII letters, digits, . _ - / only)")
    return problems
