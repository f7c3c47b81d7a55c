/*
 * Kursbuch SCORM runtime: connects the engine's activities on a package page to the LMS.
 *
 * Contract
 * - Loaded before engine.js on a SCORM launch page; reads its settings from
 *   <script type="application/json" id="kb-scorm-config"> and sets
 *   globalThis.KursbuchStoreFactory, so every activity the engine mounts keeps its state here.
 * - Finds the LMS API the ADL way (window.parent chain, then window.opener and its parents):
 *   "API" for SCORM 1.2, "API_1484_11" for SCORM 2004.
 * - Writes status (never "not attempted"), score (raw/min/max, scaled in 2004, decimal point),
 *   a bookmark, session time and a versioned, compact suspend_data; only values that changed,
 *   committed shortly after a change, and Commit + Finish/Terminate on pagehide/unload.
 * - Reflection and self-assessment answers never reach the LMS: they live in this browser's
 *   storage only. Per-question interaction records only when the package enables them.
 * - Without an LMS, or when the LMS answers with errors, the page keeps working and keeps the
 *   learner's state in the browser.
 */
(function (root) {
  "use strict";

  var doc = root.document;
  var cfgEl = doc && doc.getElementById("kb-scorm-config");
  if (!cfgEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var is2004 = cfg.version === "2004";
  var SUSPEND_VERSION = 1;
  var LIMIT_12 = 4096;

  var K = is2004 ? {
    init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError",
    suspend: "cmi.suspend_data", location: "cmi.location", entry: "cmi.entry", exit: "cmi.exit",
    session: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max"
  } : {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError",
    suspend: "cmi.suspend_data", location: "cmi.core.lesson_location", entry: "cmi.core.entry", exit: "cmi.core.exit",
    session: "cmi.core.session_time", raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max"
  };

  // ------------------------------------------------------------ API discovery

  function search(win, name) {
    for (var hops = 0; win && hops < 12; hops++) {
      try {
        if (win[name]) return win[name];
        if (win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // another origin: the API cannot be there for us
      }
    }
    return null;
  }

  function discover() {
    var name = is2004 ? "API_1484_11" : "API";
    var api = search(root, name);
    if (!api) {
      try { if (root.opener) api = search(root.opener, name); } catch (e) { api = null; }
    }
    return api;
  }

  // -------------------------------------------------------------- LMS calls

  var api = discover();
  var connected = false;
  var finished = false;
  var problems = [];
  var sent = {};

  function call(fn, args) {
    if (!api || typeof api[fn] !== "function") return "false";
    try {
      var r = api[fn].apply(api, args || []);
      return r === undefined || r === null ? "" : String(r);
    } catch (e) {
      problems.push(fn + ": " + e);
      return "false";
    }
  }

  function ok(result) { return result === "true" || result === true; }

  function lastError() { return call(K.error, []); }

  function getValue(key) {
    var v = call(K.get, [key]);
    return v === "false" && lastError() !== "0" ? "" : v;
  }

  function setValue(key, value) {
    value = String(value);
    if (sent[key] === value) return false;
    if (!ok(call(K.set, [key, value]))) {
      problems.push("SetValue " + key + " failed (" + lastError() + ")");
      degrade();
      return false;
    }
    sent[key] = value;
    return true;
  }

  function degrade() {
    showStatus(false);
  }

  // ------------------------------------------------------------- local state

  var localKey = "kursbuch:scorm:v1:" + cfg.package + ":" + cfg.sco;
  var specs = {};
  var states = {};
  var touched = null;
  var startedAt = Date.now();

  function readLocal() {
    try { return JSON.parse(root.localStorage.getItem(localKey)) || {}; } catch (e) { return {}; }
  }

  function writeLocal() {
    try { root.localStorage.setItem(localKey, JSON.stringify({ c: cfg.content, states: states, at: Date.now() })); }
    catch (e) { /* storage full or blocked: the LMS still has the scored state */ }
  }

  // --------------------------------------------------------- suspend_data

  /** The LMS copy of the states: scored answers and scenario paths only, in a compact form. */
  function encode() {
    var out = { v: SUSPEND_VERSION, c: cfg.content, a: {} };
    Object.keys(states).sort().forEach(function (id) {
      var spec = specs[id], s = states[id];
      if (!spec || !s) return;
      if (spec.kind === "scenario") { // the path and the seed (the order of the choices); the variables follow from the path
        out.a[id] = { p: s.path.map(function (st) { return [st.node, st.choice]; }), x: s.pending, r: s.seed };
        return;
      }
      var scored = {}, answers = {}, checked = [];
      spec.items.forEach(function (i) { if (root.KursbuchEngine.isScored(i)) scored[i.id] = true; });
      Object.keys(s.answers).forEach(function (k) { if (scored[k]) answers[k] = s.answers[k]; });
      Object.keys(s.checked).forEach(function (k) { if (scored[k] && s.checked[k]) checked.push(k); });
      if (Object.keys(answers).length) out.a[id] = { a: answers, k: checked, s: s.submitted ? 1 : 0, r: s.seed };
      else if (Object.keys(scored).length) out.a[id] = { r: s.seed }; // the order of the options, before any answer
    });
    return JSON.stringify(out);
  }

  /** Engine states from suspend_data; unknown or malformed parts are left out, never fatal. */
  function decode(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.v !== SUSPEND_VERSION || typeof data.a !== "object") return null;
    var out = {};
    Object.keys(data.a).forEach(function (id) {
      var d = data.a[id];
      if (!d || typeof d !== "object") return;
      if (Array.isArray(d.p)) {
        out[id] = { v: 1, path: d.p.filter(Array.isArray).map(function (p) { return { node: p[0], choice: p[1] }; }), pending: typeof d.x === "string" ? d.x : null, seed: d.r };
      } else if ((d.a && typeof d.a === "object") || typeof d.r === "number") {
        var checked = {};
        (Array.isArray(d.k) ? d.k : []).forEach(function (k) { checked[k] = true; });
        out[id] = { v: 1, answers: d.a && typeof d.a === "object" ? d.a : {}, checked: checked, submitted: d.s === 1, seed: d.r };
      }
    });
    return out;
  }

  // ----------------------------------------------------------------- status

  function summary() {
    var r = root.KursbuchEngine.moduleResult(specs, states, cfg.pass_percent);
    var done = {
      scenario_ended: r.ended === r.scenarios,
      quiz_submitted: r.submitted === r.quizzes,
      visited: true
    };
    return {
      completed: cfg.completion.every(function (rule) { return done[rule]; }),
      graded: r.graded,
      passed: r.passed,
      raw: Math.round(r.percent * 100) / 100
    };
  }

  function fmtNumber(x) { return String(Math.round(x * 100) / 100); } // always a decimal point

  function writeStatus() {
    var s = summary();
    if (is2004) {
      setValue("cmi.completion_status", s.completed ? "completed" : "incomplete");
      setValue("cmi.success_status", s.passed === null ? "unknown" : s.passed ? "passed" : "failed");
    } else {
      setValue("cmi.core.lesson_status", !s.completed ? "incomplete" : s.passed === null ? "completed" : s.passed ? "passed" : "failed");
    }
    if (s.graded) {
      setValue(K.min, "0");
      setValue(K.max, "100");
      setValue(K.raw, fmtNumber(s.raw));
      if (is2004) setValue("cmi.score.scaled", String(Math.round(s.raw * 100) / 10000)); // 88.89 -> 0.8889
    }
    return s;
  }

  // ---------------------------------------------------------- interactions

  var SEP = is2004 ? "[,]" : ",";
  var PAIR = is2004 ? "[.]" : ".";

  function response(parts) {
    return parts.map(function (p) { return Array.isArray(p) ? p.join(PAIR) : p; }).join(SEP);
  }

  var recorded = {};

  function recordInteractions() {
    if (!cfg.interactions || !connected) return;
    var E = root.KursbuchEngine;
    Object.keys(states).forEach(function (id) {
      var spec = specs[id], s = states[id];
      if (!spec || spec.kind !== "quiz") return;
      spec.items.forEach(function (item) {
        var rec = s.checked[item.id] ? E.interaction(item, s.answers[item.id]) : null;
        if (!rec) return;
        var resp = response(rec.parts);
        var key = item.id + "=" + resp;
        if (recorded[key]) return;
        recorded[key] = true;
        var n = parseInt(getValue("cmi.interactions._count"), 10) || 0;
        var p = "cmi.interactions." + n + ".";
        setValue(p + "id", item.id);
        setValue(p + "type", rec.type);
        setValue(p + "weighting", String(item.points));
        setValue(p + (is2004 ? "learner_response" : "student_response"), resp);
        setValue(p + "result", rec.correct ? "correct" : is2004 ? "incorrect" : "wrong");
      });
    });
  }

  // ----------------------------------------------------------- committing

  var timer = null;
  var dirty = false;

  function schedule() {
    dirty = true;
    if (timer) root.clearTimeout(timer);
    timer = root.setTimeout(flush, cfg.commit_delay_ms);
  }

  function flush() {
    timer = null;
    if (!connected || !dirty) return;
    dirty = false;
    var changed = false;
    var data = encode();
    if (!is2004 && data.length > LIMIT_12) problems.push("suspend_data has " + data.length + " characters (limit 4096)");
    changed = setValue(K.suspend, data) || changed;
    if (touched) changed = setValue(K.location, touched) || changed;
    var before = JSON.stringify(sent);
    writeStatus();
    recordInteractions();
    if (changed || JSON.stringify(sent) !== before) {
      if (!ok(call(K.commit, [""]))) { problems.push("Commit failed (" + lastError() + ")"); degrade(); }
    }
  }

  function sessionTime(ms) {
    var secs = Math.max(0, ms / 1000);
    var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
    if (is2004) return "PT" + h + "H" + m + "M" + (Math.round(s * 100) / 100) + "S";
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var whole = Math.floor(s), cents = Math.floor((s - whole) * 100);
    return two(Math.min(h, 9999)) + ":" + two(m) + ":" + two(whole) + "." + two(cents);
  }

  function finish() {
    if (!connected || finished) return;
    finished = true;
    dirty = true;
    if (timer) { root.clearTimeout(timer); timer = null; }
    flush();
    setValue(K.session, sessionTime(Date.now() - startedAt));
    // "suspend" keeps the attempt and its data: learners come back to a finished module too.
    setValue(K.exit, "suspend");
    call(K.commit, [""]);
    call(K.finish, [""]);
    connected = false;
  }

  // ----------------------------------------------------------- start up

  var restored = null;

  function start() {
    if (api && ok(call(K.init, [""]))) {
      connected = true;
      var entry = getValue(K.entry);
      var stored = getValue(K.suspend);
      restored = stored ? decode(stored) : null;
      var bookmark = getValue(K.location);
      if (bookmark) touched = bookmark;
      var local = readLocal();
      // Reflections never left this browser: take them from the local copy.
      if (entry !== "ab-initio" || restored) {
        Object.keys(local.states || {}).forEach(function (id) {
          if (!restored) restored = {};
          if (!restored[id]) restored[id] = local.states[id];
          else mergePrivate(restored[id], local.states[id]);
        });
      }
      // Never "not attempted": the learner is in the module now.
      if (is2004) { if (getValue("cmi.completion_status") !== "completed") setValue("cmi.completion_status", "incomplete"); }
      else {
        var status = getValue("cmi.core.lesson_status");
        if (!status || status === "not attempted") setValue("cmi.core.lesson_status", "incomplete");
      }
      call(K.commit, [""]);
      showStatus(true);
    } else {
      restored = readLocal().states || null;
      showStatus(false);
    }
  }

  function mergePrivate(target, local) {
    if (!local || !target || !target.answers || !local.answers) return;
    Object.keys(local.answers).forEach(function (k) { if (!(k in target.answers)) target.answers[k] = local.answers[k]; });
  }

  var linked = null;

  function showStatus(withLms) {
    linked = withLms;
    var el = doc.getElementById("kb-lms-status");
    if (!el) return; // the head runs before the body: shown again on DOMContentLoaded
    el.textContent = withLms
      ? "Ihr Lernstand wird in der Lernplattform gespeichert. Reflexionen bleiben in diesem Browser."
      : "Keine Verbindung zur Lernplattform: Ihr Lernstand wird nur in diesem Browser gespeichert.";
  }

  function factory(id, spec) {
    specs[id] = spec;
    if (restored && restored[id]) states[id] = restored[id];
    return {
      persistent: true,
      load: function () { return states[id] || null; },
      save: function (s) {
        states[id] = JSON.parse(JSON.stringify(s));
        touched = id;
        writeLocal();
        schedule();
      },
      clear: function () {
        delete states[id];
        writeLocal();
        schedule();
      }
    };
  }

  start();
  root.KursbuchStoreFactory = factory;
  root.KursbuchScorm = {
    problems: problems,
    connected: function () { return connected; },
    summary: summary,
    encode: encode,
    decode: decode,
    flush: function () { dirty = true; flush(); },
    finish: finish
  };

  doc.addEventListener("DOMContentLoaded", function () { if (linked !== null) showStatus(linked); });
  root.addEventListener("load", function () {
    // First status once every activity is mounted; then jump to the bookmark.
    if (connected) { dirty = true; flush(); }
    if (touched) {
      var el = doc.querySelector('[data-kb-id="' + touched + '"]') || doc.getElementById("kb-" + touched);
      if (el && el.scrollIntoView) el.scrollIntoView({ block: "start" });
    }
  });
  root.addEventListener("pagehide", finish);
  root.addEventListener("beforeunload", finish);
})(typeof globalThis !== "undefined" ? globalThis : this);
