/*
 * Export target SCORM 1.2 for the Kursbuch runtime (scorm.js): sets globalThis.KursbuchTarget.
 * Needs target-scorm.js (the shared SCORM plumbing) loaded before it. The Python side of this
 * target is kursbuch/export/targets/scorm12.py.
 *
 * - LMS API: window.API with the LMS… calls; cmi.core.* elements.
 * - Status: one value, cmi.core.lesson_status: "incomplete" until the completion rule holds,
 *   then "passed"/"failed" once the quiz is graded, else "completed"; never "not attempted".
 * - Score: cmi.core.score.raw/min/max, 0-100 with a decimal point, only with a finished result
 *   (the runtime decides when; an LMS's mastery override then agrees with the status).
 * - Learner id cmi.core.student_id; review/browse in cmi.core.lesson_mode, cmi.core.credit; in browse
 *   mode a unit never begun is left as "browsed", so the LMS does not call it completed.
 * - Session time: HHHH:MM:SS.SS; interaction responses: "a,b", pairs "s1.t"; a wrong result is "wrong".
 * - suspend_data holds at most 4096 characters (the runtime reports a longer one).
 */
(function (root) {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  root.KursbuchTarget = root.KursbuchScormApi.target({
    name: "scorm12",
    apiName: "API",
    calls: { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError" },
    elements: {
      suspend: "cmi.suspend_data", location: "cmi.core.lesson_location", entry: "cmi.core.entry",
      exit: "cmi.core.exit", session: "cmi.core.session_time",
      learner: "cmi.core.student_id", mode: "cmi.core.lesson_mode", credit: "cmi.core.credit"
    },
    interaction: { response: "student_response", wrong: "wrong", sep: ",", pair: "." },
    limits: { suspendData: 4096 },

    begin: function (lms) {
      var status = lms.get("cmi.core.lesson_status");
      if (!status || status === "not attempted") lms.set("cmi.core.lesson_status", "incomplete");
    },

    held: function (lms) { return /^(passed|failed|completed)$/.test(lms.get("cmi.core.lesson_status")); },

    // Browse mode on a unit never begun: "browsed" (SCORM 1.2 RTE 3.4.4). Else an LMS may store
    // "completed" at LMSFinish: ILIAS does, in every mode (Modules/ScormAicc/scripts/SCORM1_2standard.js,
    // LMSFinish), and keeps what is set in browse mode in the page only, so a preview leaves no result.
    practiceEnd: function (lms, mode) {
      var status = lms.get("cmi.core.lesson_status");
      if (mode === "browse" && (!status || status === "not attempted")) lms.set("cmi.core.lesson_status", "browsed");
    },

    result: function (lms, s) {
      lms.set("cmi.core.lesson_status", !s.completed ? "incomplete" : s.passed === null ? "completed" : s.passed ? "passed" : "failed");
      if (s.graded) {
        lms.set("cmi.core.score.min", "0");
        lms.set("cmi.core.score.max", "100");
        lms.set("cmi.core.score.raw", lms.number(s.raw));
      }
    },

    sessionTime: function (ms) {
      var secs = Math.max(0, ms / 1000);
      var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
      var whole = Math.floor(s), cents = Math.floor((s - whole) * 100);
      return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(whole) + "." + two(cents);
    }
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
