/*
 * Export target SCORM 2004 (4th edition) for the Kursbuch runtime (scorm.js): sets
 * globalThis.KursbuchTarget. Needs target-scorm.js (the shared SCORM plumbing) loaded before it.
 * The Python side of this target is kursbuch/export/targets/scorm2004.py.
 *
 * - LMS API: window.API_1484_11; cmi.* elements.
 * - Status: cmi.completion_status (incomplete/completed) and, separately, cmi.success_status
 *   (unknown/passed/failed).
 * - Score: cmi.score.raw/min/max 0-100 and cmi.score.scaled 0-1, with a decimal point, only with
 *   a finished result (an LMS deriving success_status from scaled_passing_score then agrees).
 * - Learner id cmi.learner_id; review/browse in cmi.mode, cmi.credit.
 * - Session time: ISO 8601 duration (PT1H2M3.45S); interaction responses: "a[,]b", pairs
 *   "s1[.]t"; a wrong result is "incorrect".
 * - No limit on suspend_data the runtime has to watch (64000 characters in 4th edition).
 */
(function (root) {
  "use strict";

  root.KursbuchTarget = root.KursbuchScormApi.target({
    name: "scorm2004",
    apiName: "API_1484_11",
    calls: { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError" },
    elements: {
      suspend: "cmi.suspend_data", location: "cmi.location", entry: "cmi.entry",
      exit: "cmi.exit", session: "cmi.session_time",
      learner: "cmi.learner_id", mode: "cmi.mode", credit: "cmi.credit"
    },
    interaction: { response: "learner_response", wrong: "incorrect", sep: "[,]", pair: "[.]" },
    limits: { suspendData: 0 },

    begin: function (lms) {
      if (lms.get("cmi.completion_status") !== "completed") lms.set("cmi.completion_status", "incomplete");
    },

    held: function (lms) { return lms.get("cmi.completion_status") === "completed"; },

    result: function (lms, s) {
      lms.set("cmi.completion_status", s.completed ? "completed" : "incomplete");
      lms.set("cmi.success_status", s.passed === null ? "unknown" : s.passed ? "passed" : "failed");
      if (s.graded) {
        lms.set("cmi.score.min", "0");
        lms.set("cmi.score.max", "100");
        lms.set("cmi.score.raw", lms.number(s.raw));
        lms.set("cmi.score.scaled", String(Math.round(s.raw * 100) / 10000)); // 88.89 -> 0.8889
      }
    },

    sessionTime: function (ms) {
      var secs = Math.max(0, ms / 1000);
      var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
      return "PT" + h + "H" + m + "M" + (Math.round(s * 100) / 100) + "S";
    }
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
