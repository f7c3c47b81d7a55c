/*
 * Kursbuch LMS runtime: connects the engine's activities on a package page to the LMS through
 * the package's export target. Target-neutral: everything that differs between targets (API
 * discovery, element names, status and score notation, limits) is in the target's own file.
 *
 * Contract
 * - Loaded before engine.js on a launch page, after the target's files, which set
 *   globalThis.KursbuchTarget; reads its settings from
 *   <script type="application/json" id="kb-scorm-config"> and sets
 *   globalThis.KursbuchStoreFactory, so every activity the engine mounts keeps its state here.
 * - The target object: {name, limits: {suspendData: characters or 0}, connect(window, hooks)},
 *   where hooks = {problem(text), failed()} and connect returns null (no LMS, or it refused to
 *   start) or a session: changes() (a counter of values that reached the LMS), isFirstLaunch(),
 *   suspendData(), bookmark(), begin() (never "not attempted"), saveSuspendData(text),
 *   saveBookmark(id), saveResult({completed, graded, passed, raw}), saveInteraction(item,
 *   {type, parts, correct}), commit() -> bool, lastError(), finish(sessionMs) (session time,
 *   exit "suspend", commit, end).
 * - Optional, for targets whose LMS answers asynchronously (cmi5: an LRS over HTTP):
 *   target.prepare(window, done) runs before connect; the engine mounts the activities only after
 *   done() (so they start from the restored state). hooks.recovered() reports that a failing
 *   connection works again. session.saveDecision(scenarioId, node, choice) is called once per
 *   decision taken in a case when per-question records are on (cfg.interactions).
 * - Writes status, score, a bookmark, session time and a versioned, compact suspend_data; only
 *   values that changed, committed shortly after a change, and finished on pagehide/unload.
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
  var SUSPEND_VERSION = 1;

  var target = root.KursbuchTarget || null;
  var session = null;
  var connected = false;
  var finished = false;
  var problems = [];
  if (target && cfg.target && target.name !== cfg.target) {
    problems.push("the page is for target " + cfg.target + " but loads " + target.name);
    target = null;
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

  // ---------------------------------------------------------- interactions

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
        var key = item.id + "=" + JSON.stringify(rec.parts);
        if (recorded[key]) return;
        recorded[key] = true;
        session.saveInteraction(item, rec);
      });
    });
  }

  function recordDecisions() {
    if (!cfg.interactions || !connected || typeof session.saveDecision !== "function") return;
    Object.keys(states).forEach(function (id) {
      var spec = specs[id], s = states[id];
      if (!spec || spec.kind !== "scenario" || !s || !Array.isArray(s.path)) return;
      s.path.forEach(function (step, n) {
        var key = id + "#" + n + "=" + step.node + ":" + step.choice; // the n-th decision of this attempt
        if (recorded[key] || !step.choice) return;
        recorded[key] = true;
        session.saveDecision(id, step.node, step.choice);
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
    var data = encode();
    var limit = target.limits && target.limits.suspendData;
    if (limit && data.length > limit) problems.push("suspend_data has " + data.length + " characters (limit " + limit + ")");
    var before = session.changes();
    session.saveSuspendData(data);
    if (touched) session.saveBookmark(touched);
    session.saveResult(summary());
    recordInteractions();
    recordDecisions();
    if (session.changes() !== before && !session.commit()) {
      problems.push("Commit failed (" + session.lastError() + ")");
      degrade();
    }
  }

  function finish() {
    if (!connected || finished) return;
    finished = true;
    dirty = true;
    if (timer) { root.clearTimeout(timer); timer = null; }
    flush();
    session.finish(Date.now() - startedAt);
    connected = false;
  }

  // ----------------------------------------------------------- start up

  var restored = null;

  function start() {
    var hooks = { problem: function (text) { problems.push(text); }, failed: degrade, recovered: function () { showStatus(true); } };
    session = target ? target.connect(root, hooks) : null;
    if (session) {
      connected = true;
      var firstLaunch = session.isFirstLaunch();
      var stored = session.suspendData();
      restored = stored ? decode(stored) : null;
      var bookmark = session.bookmark();
      if (bookmark) touched = bookmark;
      var local = readLocal();
      // Reflections never left this browser: take them from the local copy.
      if (!firstLaunch || restored) {
        Object.keys(local.states || {}).forEach(function (id) {
          if (!restored) restored = {};
          if (!restored[id]) restored[id] = local.states[id];
          else mergePrivate(restored[id], local.states[id]);
        });
      }
      // Never "not attempted": the learner is in the module now.
      session.begin();
      session.commit();
      showStatus(true);
    } else {
      restored = readLocal().states || null;
      showStatus(false);
    }
  }

  function mergePrivate(into, local) {
    if (!local || !into || !into.answers || !local.answers) return;
    Object.keys(local.answers).forEach(function (k) { if (!(k in into.answers)) into.answers[k] = local.answers[k]; });
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
      // opts.quiet: a save the learner did not make (the engine keeping a new attempt's seed) moves no bookmark.
      save: function (s, opts) {
        states[id] = JSON.parse(JSON.stringify(s));
        if (!(opts && opts.quiet)) touched = id;
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

  root.KursbuchStoreFactory = factory;
  if (target && typeof target.prepare === "function") {
    // The engine waits for the target (its bundle calls start(), which does nothing while this is set).
    root.KURSBUCH_NO_AUTOMOUNT = true;
    target.prepare(root, function () {
      start();
      root.KURSBUCH_NO_AUTOMOUNT = false;
      if (root.KursbuchEngine) root.KursbuchEngine.start(); // else the engine mounts when it loads
      if (connected && doc.readyState === "complete") { dirty = true; flush(); }
    });
  } else start();
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
