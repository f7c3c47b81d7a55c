/*
 * A small emulation of Moodle's SCORM player for the tests (not Moodle's code): the rules of
 * mod/scorm/datamodels/scorm_12.js and scorm_13.js and of the player page (mod/scorm/player.php,
 * module.js) that decide what a package's calls turn into, as Moodle documents and implements them.
 * A classic script: node (tests/js/run_in_moodle.js) and chromium (tests/lms/moodle.html) load it.
 *
 * globalThis.MoodlePlayer(version, options, tracks) is ONE player page:
 *   version   "1.2" | "2004"
 *   options   {learner: student id, mode: "normal" | "review" | "browse", credit (default: "credit"
 *              in normal mode, else "no-credit"),
 *              masteryoverride: bool ("Mastery-Score überschreibt Status", Moodle's default yes),
 *              mastery: {sco id: pass mark 0-100 from the manifest, or absent}}
 *   tracks    the server's stored tracks {sco id: {element: value}}, shared between player pages
 * It has one API object (window.API or window.API_1484_11) for the whole page: activate(sco)
 * switches the unit the way the table of contents does (the SCO's data model is loaded, the API
 * object and its state stay). Emulated rules:
 * - Data model per SCO from the tracks: entry "ab-initio" without a status track, "resume" after
 *   exit "suspend", else ""; mode and credit ("credit" only in normal mode); the mastery score
 *   (1.2 cmi.student_data.mastery_score) or scaled passing score (2004 cmi.scaled_passing_score).
 * - 1.2: LMSInitialize works again after LMSFinish; on LMSFinish in normal mode with credit and
 *   masteryoverride, a score with a mastery score overrides lesson_status (passed if raw >= mastery,
 *   else failed); "not attempted" becomes "completed" on LMSFinish.
 * - 2004: after Terminate the API object is finished for the page: Initialize returns "false"
 *   with error 104 (content instance terminated). On Terminate in normal mode with credit, a
 *   scaled score with a scaled passing score sets success_status (the rule scorm-again applies;
 *   Moodle's own scorm_13.js reads a misspelt cmi.scaled_passed_score and so never does).
 * - Commit and Finish/Terminate store every value the SCO set into the tracks of the current SCO,
 *   in every mode (the stricter case: a package must not write in review or browse mode itself).
 */
(function (root) {
  "use strict";

  var NAMES = {
    "1.2": { prop: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", error: "LMSGetLastError" },
    "2004": { prop: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate", error: "GetLastError" }
  };

  function MoodlePlayer(version, options, tracks) {
    var n = NAMES[version];
    var v12 = version === "1.2";
    var mode = options.mode || "normal";
    var credit = options.credit || (mode === "normal" ? "credit" : "no-credit");
    var sco = null, cmi = null, changed = {}, initialized = false, terminated = false, error = "0";
    var self = this;
    this.calls = [];

    function status(t) { return v12 ? t["cmi.core.lesson_status"] : t["cmi.completion_status"]; }

    function load(id) {
      var t = tracks[id] || {};
      var exit = t[v12 ? "cmi.core.exit" : "cmi.exit"];
      var entry = !status(t) ? "ab-initio" : exit === "suspend" ? "resume" : "";
      var mastery = options.mastery ? options.mastery[id] : undefined;
      var d = {};
      Object.keys(t).forEach(function (k) { d[k] = t[k]; });
      if (v12) {
        d["cmi.core.student_id"] = options.learner;
        d["cmi.core.lesson_mode"] = mode;
        d["cmi.core.credit"] = credit;
        d["cmi.core.entry"] = entry;
        if (!d["cmi.core.lesson_status"]) d["cmi.core.lesson_status"] = "not attempted";
        if (d["cmi.core.score.raw"] === undefined) d["cmi.core.score.raw"] = "";
        d["cmi.student_data.mastery_score"] = mastery === undefined ? "" : String(mastery);
        d["cmi.core.exit"] = "";
      } else {
        d["cmi.learner_id"] = options.learner;
        d["cmi.mode"] = mode;
        d["cmi.credit"] = credit;
        d["cmi.entry"] = entry;
        if (!d["cmi.completion_status"]) d["cmi.completion_status"] = "unknown";
        if (!d["cmi.success_status"]) d["cmi.success_status"] = "unknown";
        if (d["cmi.score.scaled"] === undefined) d["cmi.score.scaled"] = "";
        d["cmi.scaled_passing_score"] = mastery === undefined ? "" : String(mastery / 100);
        d["cmi.exit"] = "";
      }
      return d;
    }

    function store(final) {
      if (final) {
        if (v12) {
          if (cmi["cmi.core.lesson_status"] === "not attempted") set("cmi.core.lesson_status", "completed", true);
          if (mode === "normal" && credit === "credit" && options.masteryoverride &&
              cmi["cmi.student_data.mastery_score"] !== "" && cmi["cmi.core.score.raw"] !== "") {
            set("cmi.core.lesson_status",
              parseFloat(cmi["cmi.core.score.raw"]) >= parseFloat(cmi["cmi.student_data.mastery_score"]) ? "passed" : "failed", true);
          }
        } else if (mode === "normal" && credit === "credit" && cmi["cmi.scaled_passing_score"] !== "" && cmi["cmi.score.scaled"] !== "") {
          set("cmi.success_status",
            parseFloat(cmi["cmi.score.scaled"]) >= parseFloat(cmi["cmi.scaled_passing_score"]) ? "passed" : "failed", true);
        }
      }
      var t = tracks[sco] = tracks[sco] || {};
      Object.keys(changed).forEach(function (k) { t[k] = changed[k]; });
      changed = {};
      return "true";
    }

    function set(k, v, byLms) {
      cmi[k] = String(v);
      changed[k] = String(v);
      if (!byLms) self.sets.push([sco, k, String(v)]);
    }

    function rec(fn, args, result) { self.calls.push([sco, fn, args, result]); return result; }

    var api = {};
    api[n.init] = function () {
      if (initialized) { error = v12 ? "101" : "103"; return rec(n.init, [""], "false"); }
      if (terminated) { error = "104"; return rec(n.init, [""], "false"); }
      initialized = true; error = "0";
      return rec(n.init, [""], "true");
    };
    api[n.get] = function (k) {
      if (!initialized) { error = v12 ? "301" : terminated ? "123" : "122"; return rec(n.get, [k], ""); }
      error = "0";
      if (/\._count$/.test(k)) {
        var prefix = k.slice(0, -"_count".length), seen = {};
        Object.keys(cmi).forEach(function (x) { if (x.indexOf(prefix) === 0) seen[x.slice(prefix.length).split(".")[0]] = 1; });
        return rec(n.get, [k], String(Object.keys(seen).length));
      }
      return rec(n.get, [k], Object.prototype.hasOwnProperty.call(cmi, k) ? cmi[k] : "");
    };
    api[n.set] = function (k, v) {
      if (!initialized) { error = v12 ? "301" : terminated ? "133" : "132"; return rec(n.set, [k, v], "false"); }
      error = "0";
      set(k, v, false);
      return rec(n.set, [k, v], "true");
    };
    api[n.commit] = function () {
      if (!initialized) { error = v12 ? "301" : "143"; return rec(n.commit, [""], "false"); }
      return rec(n.commit, [""], store(false));
    };
    api[n.finish] = function () {
      if (!initialized) { error = v12 ? "301" : "113"; return rec(n.finish, [""], "false"); }
      store(true);
      initialized = false;
      if (!v12) terminated = true; // Moodle's 2004 API object is finished for this player page
      return rec(n.finish, [""], "true");
    };
    api[n.error] = function () { return error; };
    api.LMSGetErrorString = api.GetErrorString = function () { return ""; };
    api.LMSGetDiagnostic = api.GetDiagnostic = function () { return ""; };

    this.sets = [];
    this.api = api;
    this.prop = n.prop;
    /** The table of contents picks a unit: its data model is loaded into the page's one API object. */
    this.activate = function (id) { sco = id; cmi = load(id); changed = {}; };
  }

  root.MoodlePlayer = MoodlePlayer;
})(typeof globalThis !== "undefined" ? globalThis : this);
