"""Moodle's server rules for SCORM activities, emulated for the tests (not Moodle's code): what the
admin sees from the tracks a package left (tests/lms/moodle_player.js stores them).

- Status per unit (``scorm_get_tracks``): ``cmi.core.lesson_status``; in SCORM 2004
  ``cmi.completion_status``, replaced by ``cmi.success_status`` when that is passed or failed.
- Grade of an attempt (``scorm_grade_user_attempt``): "scoes" (Lernobjekte) counts units whose
  status is completed or passed; "highest" is the highest raw score; "average" the mean over units
  *with* a score; "sum" their sum. A raw score counts when it is not empty and not "0" (PHP empty()).
- Activity completion (``mod_scorm\\completion\\custom_completion``): "Status erforderlich" ORs the
  bits of every stored status track (passed = 2, completed = 4), in the order the tracks were
  stored, and is met as soon as the bits collected so far equal the ticked ones; "Alle SCOs müssen
  Status zurückgeben" needs a passed or completed track for every unit. All rules set must hold.
"""

from __future__ import annotations

from collections.abc import Mapping

STATUS_BITS = {"passed": 2, "completed": 4}
STATUS_ELEMENTS = ("cmi.core.lesson_status", "cmi.completion_status", "cmi.success_status")

Tracks = Mapping[str, Mapping[str, str]]  # unit -> element -> value, in the order they were stored


def unit_status(track: Mapping[str, str]) -> str:
    if "cmi.core.lesson_status" in track:
        return track["cmi.core.lesson_status"]
    success = track.get("cmi.success_status", "")
    return success if success in ("passed", "failed") else track.get("cmi.completion_status", "")


def raw(track: Mapping[str, str]) -> str:
    return track.get("cmi.core.score.raw", track.get("cmi.score.raw", ""))


def grade(method: str, tracks: Tracks, units: list[str]) -> float | None:
    """The attempt's grade; None when Moodle has nothing to grade (no unit with a score or status)."""
    scoes, values = 0, []
    for unit in units:
        track = tracks.get(unit)
        if not track:
            continue
        if unit_status(track) in ("completed", "passed"):
            scoes += 1
        if raw(track) not in ("", "0"):
            values.append(float(raw(track)))
    if method == "scoes":
        return float(scoes)
    if not values:
        return None
    return {"highest": max(values), "average": sum(values) / len(values), "sum": sum(values)}[method]


def complete(tracks: Tracks, units: list[str], status_required: tuple[str, ...], all_scos: bool) -> bool:
    required = sum(STATUS_BITS[s] for s in status_required)
    met = not required
    bits = 0
    for unit in tracks:
        for element, value in tracks[unit].items():
            if element in STATUS_ELEMENTS and value in STATUS_BITS:
                bits |= STATUS_BITS[value]
            if required and bits == required:
                met = True
    if all_scos:
        with_status = {
            u for u, t in tracks.items() if any(e in STATUS_ELEMENTS and v in STATUS_BITS for e, v in t.items())
        }
        met = met and all(u in with_status for u in units)
    return met
