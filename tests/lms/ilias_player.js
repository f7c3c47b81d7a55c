/*
 * A small emulation of ILIAS's SCORM 1.2 player for the tests (not ILIAS's code): the rules of
 * Modules/ScormAicc/scripts/SCORM1_2standard.js (the API object), basisAPI.js (the player page:
 * loading the tracks, switching SCOs, storing) and classes/SCORM/class.ilObjSCORMInitData.php (what
 * the server hands the page), as ILIAS implements them (ILIAS-eLearning/ILIAS, read for the rules).
 * The server's learning-progress rules are in tests/kbilias.py. A classic script: node
 * (tests/js/run_in_moodle.js with job.lms = "ilias") loads it.
 *
 * globalThis.IliasPlayer(options, tracks) is ONE player page of a "Lernmodul SCORM/AICC":
 *   options  {learner: student_id (ILIAS: the account id, cont_sc_id_setting),
 *             mode: "normal" | "browse"   module setting "Nutzungsdaten aufzeichnen" (older
 *                   versions: "Modus für SCO-Nutzung"; cont_def_lesson_mode): "Lernmodus" | "Vorschaumodus",
 *             credit: "credit" | "no-credit"   module setting "Bewertung / Steuerung der
 *                   Lerneraktivitäten" (cont_credit_mode, under "Lernmodus"): "Mit Bewertung
 *                   (bestanden | nicht bestanden)" | "Ohne Bewertung",
 *             autoReview: bool   "Datenaufzeichnung beenden" (cont_sc_auto_review_2004):
 *                   "Ab Status „vollständig bearbeitet” oder „bestanden”" (true) | "Nie" (false),
 *             lessonMastery: "" or 0-100   the module's own mastery score field
 *                   (cont_mastery_score_12, i_lessonMasteryScore), replacing the manifest's,
 *             checkValues: bool   "Vom SCO geschickte Werte prüfen" (cont_check_values),
 *             interactions: bool  storage of cmi.interactions (cont_interactions),
 *             mastery: {sco id: adlcp:masteryscore from the manifest, or absent}}
 *   tracks   the server's scorm_tracking rows of this learner {sco id: {element: value}}
 * It has one API object (window.API) for the whole page; activate(sco) is the tree's IliasLaunch.
 * Emulated rules, each with the ILIAS file and function it comes from:
 * - Page start (ilObjSCORMInitData::getIliasScormData, basisAPI.js basisInit): the page's copy of
 *   the data is every stored track except cmi.core.entry, cmi.core.session_time and
 *   cmi.interactions; cmi.student_data.mastery_score is set per SCO only when the manifest item has
 *   one, and then the module's own mastery score replaces it when that is set.
 * - LMSInitialize (SCORM1_2standard.js LMSInitialize): argument must be "" (201); a second call
 *   while initialised fails with 101. Entry: "ab-initio" when the page's data has neither entry nor
 *   exit, "resume" after exit "suspend", else "". Mode: the module's mode; with autoReview a SCO
 *   whose status is completed or passed (or whose stored mode is review) opens in "review" (entry
 *   ""). Credit: the module's credit in normal mode, else "no-credit". Mode and credit are stored.
 * - LMSGetValue (LMSGetValue): 301 before LMSInitialize, 201 for "" or an element not in the data
 *   model (202/203 for _children/_count of elements without them), 404 for write-only elements;
 *   entry and total_time are the values at LMSInitialize; unset elements give their default.
 * - LMSSetValue (LMSSetValue): 405 for undefined/null/objects, 301 before LMSInitialize, 201 for
 *   unknown elements, 402 for keywords, 403 for read-only elements, 405 for values failing the
 *   element's format when checkValues is on; exit sets entry ("resume" after "suspend"). In browse
 *   mode (the module's mode) values are kept in the page only, never stored; without credit a value
 *   of an element named *score* or *status* is silently dropped (returns "true", keeps nothing).
 * - LMSCommit (LMSCommit, basisAPI.js IliasCommit): 301 before LMSInitialize; stores every value
 *   set since the last store (in every mode but browse) into the tracks.
 * - LMSFinish (LMSFinish): 301 before LMSInitialize; a status still empty or "not attempted"
 *   becomes "completed" (stored, in every mode); a status "completed" with a mastery score and a
 *   raw score becomes "passed" (raw >= mastery) or "failed" (stored); then stores; LMSInitialize
 *   works again (the next SCO of the page uses the same object).
 * - Switching SCOs (basisAPI.js IliasLaunch, IliasAbortSco): the tree opens another SCO in the same
 *   page; a SCO that never sent LMSFinish is abandoned after a pause (its unstored values stay in
 *   the page and are stored by the next commit), and the next SCO's LMSInitialize works.
 */
(function (root) {
  "use strict";

  var DECIMAL_OR_BLANK = /^100(\.0+)?$|^\d?\d(\.\d+)?$|^$/;
  var STRING255 = /^[\s\S]{0,255}$/;
  var TIMESPAN = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/;
  // The data model as SCORM1_2standard.js's `model` describes it: access (r, w, rw), format, default.
  var MODEL = {
    "cmi.core.student_id": { ac: "r" },
    "cmi.core.student_name": { ac: "r", dv: "" },
    "cmi.core.lesson_location": { ac: "rw", rx: STRING255, dv: "" },
    "cmi.core.credit": { ac: "r", dv: "no-credit" },
    "cmi.core.lesson_status": { ac: "rw", rx: /^passed$|^failed$|^completed$|^incomplete$|^browsed$/, dv: "not attempted" },
    "cmi.core.entry": { ac: "r", dv: "ab-initio" },
    "cmi.core.score.raw": { ac: "rw", rx: DECIMAL_OR_BLANK, dv: "" },
    "cmi.core.score.min": { ac: "rw", rx: DECIMAL_OR_BLANK, dv: "" },
    "cmi.core.score.max": { ac: "rw", rx: DECIMAL_OR_BLANK, dv: "" },
    "cmi.core.total_time": { ac: "r", dv: "00:00:00" },
    "cmi.core.lesson_mode": { ac: "r", dv: "browse" },
    "cmi.core.exit": { ac: "w", rx: /^time-out$|^suspend$|^logout$|^$/ },
    "cmi.core.session_time": { ac: "w", rx: TIMESPAN },
    "cmi.suspend_data": { ac: "rw", rx: /^[\s\S]{0,4096}$/, dv: "" },
    "cmi.launch_data": { ac: "r", dv: "" },
    "cmi.comments": { ac: "rw", rx: /^[\s\S]{0,4096}$/, dv: "" },
    "cmi.student_data.mastery_score": { ac: "r", dv: "" },
    "cmi.interactions._count": { ac: "r", dv: "0" },
    "cmi.interactions.n.id": { ac: "w", rx: /^[\u0021-\u007E]{0,255}$/ },
    "cmi.interactions.n.type": { ac: "w", rx: /^true-false$|^choice$|^fill-in$|^matching$|^performance$|^sequencing$|^likert$|^numeric$/ },
    "cmi.interactions.n.weighting": { ac: "w", rx: /^100(\.0+)?$|^\d?\d(\.\d+)?$/ },
    "cmi.interactions.n.student_response": { ac: "w", rx: STRING255 },
    "cmi.interactions.n.result": { ac: "w", rx: /^correct$|^wrong$|^unanticipated$|^neutral$|^-?\d+(\.\d+)?$/ },
    "cmi.interactions.n.latency": { ac: "w", rx: TIMESPAN },
    "cmi.interactions.n.time": { ac: "w" }
  };
  var WITH_CHILDREN = /^cmi(\.core(\.score)?|\.interactions|\.student_data)?\._children$/;

  function modelOf(el) { return MODEL[el.replace(/\.\d+\./g, ".n.")] || null; }

  function IliasPlayer(options, tracks) {
    var self = this;
    var moduleMode = options.mode || "normal";
    var data = {}; // the page's copy (basisAPI.js `data`), per SCO
    var toStore = []; // [sco, element] set since the last store (basisAPI.js a_toStore)
    var sco = null, initialized = false, error = "0", scoCredit = true;
    var entryAtInit = "", totalAtInit = "";
    this.calls = [];
    this.sets = [];

    Object.keys(tracks).forEach(function (id) {
      data[id] = {};
      Object.keys(tracks[id]).forEach(function (k) {
        if (k === "cmi.core.entry" || k === "cmi.core.session_time" || k.indexOf("cmi.interactions") === 0) return;
        data[id][k] = tracks[id][k];
      });
    });
    Object.keys(options.mastery || {}).forEach(function (id) {
      var lesson = options.lessonMastery;
      (data[id] = data[id] || {})["cmi.student_data.mastery_score"] = String(lesson !== undefined && lesson !== "" ? lesson : options.mastery[id]);
    });

    function value(id, el) { return data[id] && Object.prototype.hasOwnProperty.call(data[id], el) ? data[id][el] : null; }

    function put(id, el, v, store) {
      (data[id] = data[id] || {})[el] = String(v);
      if (store && !toStore.some(function (s) { return s[0] === id && s[1] === el; })) toStore.push([id, el]);
    }

    function commit() { // basisAPI.js IliasCommit: what was set since the last store reaches the server
      toStore.forEach(function (s) {
        var t = tracks[s[0]] = tracks[s[0]] || {};
        t[s[1]] = data[s[0]][s[1]];
      });
      toStore = [];
      return true;
    }

    function rec(fn, args, result) { self.calls.push([sco, fn, args, result, error]); return result; }
    function fail(fn, args, code, result) { error = code; return rec(fn, args, result === undefined ? "false" : result); }

    var api = {};
    api.LMSInitialize = function (param) {
      if (param !== "") return fail("LMSInitialize", [param], "201");
      if (initialized) return fail("LMSInitialize", [param], "101");
      initialized = true;
      error = "0";
      totalAtInit = value(sco, "cmi.core.total_time") || "00:00:00";
      entryAtInit = "";
      if (value(sco, "cmi.core.entry") === null && value(sco, "cmi.core.exit") === null) {
        entryAtInit = "ab-initio";
        put(sco, "cmi.core.entry", "", true);
      }
      if (value(sco, "cmi.core.exit") === "suspend") {
        entryAtInit = "resume";
        put(sco, "cmi.core.entry", "resume", true);
      }
      var mode = moduleMode, status = value(sco, "cmi.core.lesson_status");
      if (options.autoReview && (status === "completed" || status === "passed" || value(sco, "cmi.core.lesson_mode") === "review")) {
        mode = "review";
        entryAtInit = "";
        put(sco, "cmi.core.entry", "", true);
      }
      put(sco, "cmi.core.lesson_mode", mode, true);
      scoCredit = mode === "normal" && options.credit !== "no-credit";
      put(sco, "cmi.core.credit", mode === "normal" ? options.credit || "credit" : "no-credit", true);
      return rec("LMSInitialize", [param], "true");
    };
    api.LMSGetValue = function (el) {
      el = String(el);
      if (!initialized) return fail("LMSGetValue", [el], "301", "");
      if (el === "") return fail("LMSGetValue", [el], "201", "");
      var m = modelOf(el);
      if (!m) {
        if (/\._children$/.test(el) && !WITH_CHILDREN.test(el)) return fail("LMSGetValue", [el], "202", "");
        if (/\._count$/.test(el)) return fail("LMSGetValue", [el], "203", "");
        return fail("LMSGetValue", [el], WITH_CHILDREN.test(el) ? "0" : "201", "");
      }
      if (m.ac === "w") return fail("LMSGetValue", [el], "404", "");
      error = "0";
      if (el === "cmi.core.total_time") return rec("LMSGetValue", [el], totalAtInit);
      if (el === "cmi.core.entry") return rec("LMSGetValue", [el], entryAtInit);
      if (el === "cmi.core.student_id") return rec("LMSGetValue", [el], value(sco, el) === null ? String(options.learner) : value(sco, el));
      if (el === "cmi.interactions._count") {
        var n = 0;
        Object.keys(data[sco] || {}).forEach(function (k) { var g = /^cmi\.interactions\.(\d+)\./.exec(k); if (g) n = Math.max(n, +g[1] + 1); });
        return rec("LMSGetValue", [el], String(n));
      }
      var v = value(sco, el);
      return rec("LMSGetValue", [el], v !== null ? v : m.dv !== undefined ? m.dv : "");
    };
    api.LMSSetValue = function (el, v) {
      var args = [el, v];
      if (v === undefined || v === null || typeof v === "object" || typeof v === "function") return fail("LMSSetValue", args, "405");
      v = String(v);
      if (!initialized) return fail("LMSSetValue", args, "301");
      if (typeof el !== "string" || el === "") return fail("LMSSetValue", args, "201");
      if (el.indexOf("_children") > -1 || el.indexOf("_count") > -1) return fail("LMSSetValue", args, "402");
      var m = modelOf(el);
      if (!m) return fail("LMSSetValue", args, "201");
      if (m.ac === "r") return fail("LMSSetValue", args, "403");
      if (options.checkValues && m.rx && !m.rx.test(v)) return fail("LMSSetValue", args, "405");
      error = "0";
      self.sets.push([sco, el, v]);
      var store = true;
      if (el === "cmi.core.exit") put(sco, "cmi.core.entry", v === "suspend" ? "resume" : "", true);
      // "since 5.2": the module's browse mode keeps values in the page; without credit, score and status are dropped
      if (moduleMode === "browse") store = false;
      else if (!scoCredit && (el.indexOf("score") > -1 || el.indexOf("status") > -1)) return rec("LMSSetValue", args, "true");
      if (!options.interactions && el.indexOf("cmi.interactions") > -1) store = false;
      put(sco, el, v, store);
      return rec("LMSSetValue", args, "true");
    };
    api.LMSCommit = function (param) {
      if (param !== "") return fail("LMSCommit", [param], "201");
      if (!initialized) return fail("LMSCommit", [param], "301");
      error = "0";
      return rec("LMSCommit", [param], commit() ? "true" : "false");
    };
    api.LMSFinish = function (param) {
      if (param !== "") return fail("LMSFinish", [param], "201");
      if (!initialized) return fail("LMSFinish", [param], "301");
      var status = value(sco, "cmi.core.lesson_status");
      if (status === null || status === "not attempted") put(sco, "cmi.core.lesson_status", "completed", true); // RTE 3-25
      var mastery = value(sco, "cmi.student_data.mastery_score"), raw = value(sco, "cmi.core.score.raw");
      if (value(sco, "cmi.core.lesson_status") === "completed" && mastery !== null && raw !== null) {
        put(sco, "cmi.core.lesson_status", parseFloat(raw) >= parseFloat(mastery) ? "passed" : "failed", true);
      }
      commit();
      initialized = false;
      error = "0";
      return rec("LMSFinish", [param], "true");
    };
    api.LMSGetLastError = function () { return error; };
    api.LMSGetErrorString = function () { return ""; };
    api.LMSGetDiagnostic = function () { return ""; };

    this.api = api;
    this.prop = "API";
    /** The tree opens a SCO (basisAPI.js IliasLaunch); one still running is abandoned (IliasAbortSco). */
    this.activate = function (id) {
      if (initialized) { rec("IliasAbortSco", [], ""); initialized = false; }
      sco = id;
    };
  }

  root.IliasPlayer = IliasPlayer;
})(typeof globalThis !== "undefined" ? globalThis : this);
