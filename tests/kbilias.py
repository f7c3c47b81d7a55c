"""ILIAS's server rules for SCORM 1.2 learning modules, emulated for the tests (not ILIAS's code):
what the admin sees in "Lernfortschritt" from the tracks a package left (tests/lms/ilias_player.js
stores them). Read from ILIAS-eLearning/ILIAS:

- Learning-progress modes of a SCORM 1.2 module (Modules/ScormAicc/classes/class.ilScormLP.php,
  ``getValidModes``): "Lernfortschritt ist deaktiviert" (trac_mode_deactivated) or "Status wird
  anhand einer Auswahl von SCORM-Kapiteln bestimmt (je SCO)" (trac_mode_scorm, LP_MODE_SCORM); the
  mode "Status wird vom SCORM-Paket bestimmt (gesamtes Lernmodul)" is offered for SCORM 2004 only;
  the default is deactivated (``getDefaultMode``).
- Status (Services/Tracking/classes/status/class.ilLPStatusSCORM.php ``determineStatus`` with
  Modules/ScormAicc/classes/SCORM/class.ilObjSCORMTracking.php ``_getCollectionStatus``): over the
  selected SCOs' ``cmi.core.lesson_status`` tracks: "failed" as soon as one is failed; "completed"
  when every selected SCO has a track and each is completed or passed; "in_progress" when any has a
  track (or the learner opened the module at all, ``ilChangeEvent::hasAccessed``); else
  "not_attempted". (The player's own summary, basisAPI.js ``IliasCommit`` for lp_mode 6, agrees.)
- Percentage (ilLPStatusSCORM ``determinePercentage``, ilObjSCORMTracking ``_countCompleted``):
  100 / selected SCOs × SCOs completed or passed.
- Score: ILIAS computes no grade for SCORM 1.2; ``cmi.core.score.raw`` per SCO is shown in the
  tracking data ("Protokolldaten", cont_tracking_data).
"""

from __future__ import annotations

from collections.abc import Mapping

Tracks = Mapping[str, Mapping[str, str]]  # SCO -> element -> value (scorm_tracking rows of one learner)

# What the admin reads (lang/ilias_de.lang, module trac): LP status by determineStatus's result.
LP_WORDS = {
    "completed": "Bearbeitet",
    "failed": "Nicht bestanden",
    "in_progress": "In Bearbeitung",
    "not_attempted": "Noch nicht begonnen",
}


def lp_status(tracks: Tracks, selected: list[str], *, accessed: bool = True) -> str:
    """The learning-progress status in mode "je SCO" with ``selected`` SCOs."""
    statuses = [tracks[s]["cmi.core.lesson_status"] for s in selected if "cmi.core.lesson_status" in tracks.get(s, {})]
    if "failed" in statuses:
        return "failed"
    if len(statuses) == len(selected) and all(v in ("completed", "passed") for v in statuses):
        return "completed"
    return "in_progress" if statuses or accessed else "not_attempted"


def percentage(tracks: Tracks, selected: list[str]) -> float:
    done = sum(1 for s in selected if tracks.get(s, {}).get("cmi.core.lesson_status") in ("completed", "passed"))
    return min(100.0, 100 / len(selected) * done) if selected else 100.0
