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
 *   suspendData(), bookmark(), learner() (the LMS's learner id), practice() (true when the LMS
 *   opened the attempt for review, browsing or without credit), hasResult() (the LMS already
 *   holds a finished result of this attempt), begin() (never "not attempted"), optionally
 *   localForgotten() (true: the learner deleted the browser copies, write none; the course shell),
 *   saveSuspendData(text), saveBookmark(id), saveResult({completed, graded, passed, raw}),
 *   saveInteraction(item, {type, parts, correct}), commit() -> bool, lastError(),
 *   finish(sessionMs, quiet) (session time, exit "suspend", commit, end; quiet: end only).
 * - Results no LMS setting can turn wrong: status and score are reported only once the
 *   completion rule holds (before that: "incomplete" and no score), so an LMS that derives
 *   passed/failed from the score and its mastery score (Moodle's "mastery score overrides
 *   status", scorm-again's mastery_override) can never call an unfinished module passed. The score
 *   is rounded down to two decimals, so score >= pass mark exactly when the package says passed.
 *   A finished result the LMS holds is never taken back by a new, unfinished try.
 * - Review, browse and no-credit (practice()): nothing is written to the LMS or the browser (but
 *   the target's practiceEnd, e.g. "browsed" for a unit never begun in browse mode); the learner
 *   can still practise and the page says that this try is not recorded.
 * - The browser copy (reflections, and the state when no LMS answers) is keyed by package, unit
 *   and, inside an LMS, a SHA-256 hash of the learner id (never the id itself), so it never
 *   restores another learner's data; "Meine Daten in diesem Browser löschen" removes it.
 * - Every restored value (suspend_data, bookmark, browser copy) is checked against the current
 *   content and dropped part by part when it does not fit, with one short note to the learner;
 *   nothing restored can stop the runtime from reporting. An unknown (future) format is not used.
 * - Writes only values that changed, commits shortly after a change and as soon as the page is
 *   hidden, and finishes on pagehide/unload.
 * - Optional, for targets whose LMS answers asynchronously (cmi5: an LRS over HTTP):
 *   target.prepare(window, done) runs before connect; the engine mounts the activities only after
 *   done() (so they start from the restored state). hooks.recovered() reports that a failing
 *   connection works again. session.saveDecision(scenarioId, node, choice) is called once per
 *   decision taken in a case when per-question records are on (cfg.interactions).
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
  var LOCAL_VERSION = 2;
  var own = Object.prototype.hasOwnProperty;

  var T = {
    saved: "Ihr Lernstand wird in der Lernplattform gespeichert. Reflexionen bleiben in diesem Browser.",
    local: "Keine Verbindung zur Lernplattform: Ihr Lernstand wird nur in diesem Browser gespeichert.",
    practice: "Übungsmodus: Die Lernplattform hat dieses Modul zum Ansehen geöffnet. Dieser Versuch wird nicht " +
      "gespeichert und ändert Ihr Ergebnis nicht.",
    dropped: "Ein Teil Ihres gespeicherten Lernstands passt nicht zu dieser Fassung des Moduls und wurde nicht " +
      "übernommen. Bitte bearbeiten Sie die betroffenen Aufgaben noch einmal.",
    forget: "Meine Daten in diesem Browser löschen",
    forgetAsk: "Möchten Sie Ihre Daten dieses Moduls in diesem Browser löschen, auch Ihre Reflexionen? Das " +
      "lässt sich nicht rückgängig machen.",
    forgetYes: "Ja, löschen",
    forgetNo: "Abbrechen",
    forgotten: "Ihre Daten in diesem Browser sind gelöscht; was Sie ab jetzt eingeben, wird hier nicht mehr " +
      "gespeichert. Was die Lernplattform gespeichert hat, bleibt dort."
  };

  var target = root.KursbuchTarget || null;
  var session = null;
  var connected = false;
  var practice = false;
  var held = false; // the LMS holds a finished result of this attempt
  var finished = false;
  var problems = [];
  var dropped = 0;
  if (target && cfg.target && target.name !== cfg.target) {
    problems.push("the page is for target " + cfg.target + " but loads " + target.name);
    target = null;
  }

  function isObj(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function has(o, k) { return isObj(o) && own.call(o, k); }

  var failing = false; // a call to the LMS failed: what the browser keeps is ahead of the LMS

  function degrade() {
    failing = true;
    showStatus(false);
  }

  // ------------------------------------------------------------- local state

  var localBase = "kursbuch:scorm:" + cfg.package + ":" + cfg.sco;
  var localKey = null; // null: no browser copy (e.g. an LMS that names no learner)
  var localOff = false;
  var synced = true; // the LMS has every change (the browser copy says so, see writeLocal)
  var localAhead = false; // the browser copy holds changes the LMS never committed
  var specs = {};
  var states = {};
  var touched = null;
  var startedAt = Date.now();

  function storage() { try { return root.localStorage || null; } catch (e) { return null; } }

  function readLocal() {
    var store = storage();
    if (!store || !localKey) return {};
    var data;
    try { data = JSON.parse(store.getItem(localKey)); } catch (e) { data = null; }
    if (data === null || data === undefined) return {};
    if (!isObj(data) || data.v !== LOCAL_VERSION || !isObj(data.states)) { dropped++; return {}; } // unknown format: not used
    localAhead = data.s === 0;
    return data.states;
  }

  function writeLocal() {
    var store = storage();
    if (!store || !localKey || localOff || practice) return;
    // s: 1 once the LMS has committed this state, 0 while it has not (it failed, or the page was closed first).
    try { store.setItem(localKey, JSON.stringify({ v: LOCAL_VERSION, c: cfg.content, s: synced ? 1 : 0, states: states, at: Date.now() })); }
    catch (e) { /* storage full or blocked: the LMS still has the scored state */ }
  }

  /** Removes this learner's browser copy of this unit (and the old, unscoped copy of earlier versions). */
  function forgetLocal() {
    var store = storage();
    localOff = true;
    if (!store) return;
    try {
      if (localKey) store.removeItem(localKey);
      store.removeItem("kursbuch:scorm:v1:" + cfg.package + ":" + cfg.sco);
    } catch (e) { /* blocked storage holds nothing */ }
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

  /** Engine states from suspend_data (shape only; the content check follows per activity); null for
   *  nothing usable. Unknown or malformed parts are left out and counted, never fatal. */
  function decode(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { dropped++; return null; }
    if (!isObj(data) || data.v !== SUSPEND_VERSION || !isObj(data.a)) { dropped++; return null; }
    var out = {};
    Object.keys(data.a).forEach(function (id) {
      var d = data.a[id];
      if (!isObj(d)) { dropped++; return; }
      if (Array.isArray(d.p)) {
        out[id] = {
          v: 1,
          path: d.p.map(function (p) { return Array.isArray(p) ? { node: p[0], choice: p[1] } : null; }),
          pending: typeof d.x === "string" ? d.x : null,
          seed: d.r
        };
      } else if (isObj(d.a) || typeof d.r === "number") {
        var checked = {};
        (Array.isArray(d.k) ? d.k : []).forEach(function (k) { if (typeof k === "string") checked[k] = true; });
        out[id] = { v: 1, answers: isObj(d.a) ? d.a : {}, checked: checked, submitted: d.s === 1, seed: d.r };
      } else dropped++;
    });
    return out;
  }

  // ------------------------------------------------ checking restored states

  /** The ids of an item's parts (options, statements, entries, categories, steps, responses ...). */
  function partIds(item) {
    var ids = Object.create(null);
    Object.keys(item).forEach(function (k) {
      if (Array.isArray(item[k])) item[k].forEach(function (p) { if (isObj(p) && typeof p.id === "string") ids[p.id] = true; });
    });
    return ids;
  }

  /** Whether a stored answer can be an answer to this item: for a scored item every id it names is
   *  one of the item's parts; for reflections and self-assessments text or a number. */
  function fitsItem(item, value) {
    var E = root.KursbuchEngine;
    if (!E.isScored(item)) return (typeof value === "string" && value.length <= 20000) || (typeof value === "number" && isFinite(value));
    var ids = partIds(item);
    function ok(v, depth) {
      if (depth > 3) return false;
      if (typeof v === "string") return ids[v] === true;
      if (typeof v === "boolean") return true;
      if (typeof v === "number") return isFinite(v);
      if (Array.isArray(v)) return v.length <= 200 && v.every(function (x) { return ok(x, depth + 1); });
      if (isObj(v)) return Object.keys(v).every(function (k) { return ids[k] === true && ok(v[k], depth + 1); });
      return false;
    }
    if (!ok(value, 0)) return false;
    try { E.isAnswered(item, value); E.scoreItem(item, value); return true; } catch (e) { return false; }
  }

  /** A quiz state from stored data, keeping only what fits the current quiz; counts what it drops.
   *  onlyPrivate: keep reflection and self-assessment answers only (from the browser copy, inside an LMS). */
  function checkQuiz(spec, s, onlyPrivate) {
    if (!isObj(s)) { dropped++; return null; }
    var E = root.KursbuchEngine, items = Object.create(null);
    spec.items.forEach(function (i) { items[i.id] = i; });
    var out = { v: 1, answers: {}, checked: {}, submitted: false };
    if (typeof s.seed === "number") out.seed = s.seed;
    var answers = isObj(s.answers) ? s.answers : {};
    if (s.answers !== undefined && !isObj(s.answers)) dropped++;
    Object.keys(answers).forEach(function (k) {
      var item = items[k];
      if (onlyPrivate && item && E.isScored(item)) return;
      if (item && fitsItem(item, answers[k])) out.answers[k] = answers[k];
      else dropped++;
    });
    if (!onlyPrivate) {
      if (isObj(s.checked)) Object.keys(s.checked).forEach(function (k) { if (items[k] && s.checked[k] === true && own.call(out.answers, k)) out.checked[k] = true; });
      out.submitted = s.submitted === true && spec.items.every(function (i) { return !E.isScored(i) || out.checked[i.id]; });
    }
    return out;
  }

  function checkScenario(spec, s) {
    if (!isObj(s) || !Array.isArray(s.path)) { dropped++; return null; }
    var clean = root.KursbuchEngine.cleanScenarioState(spec, s);
    if (clean.path.length < s.path.length) dropped++;
    // The stored seed stays as it was: a missing one is the engine's to make when it mounts.
    return { v: 1, path: clean.path, pending: clean.pending, seed: s.seed };
  }

  var lmsStates = null; // from suspend_data
  var localStates = {}; // from this learner's browser copy

  /** The state an activity starts with: the LMS's copy checked against the content, plus the
   *  private answers (reflections) from this learner's browser copy; the whole browser copy when
   *  it holds work the LMS never committed (errors, a closed page) or there is no LMS. */
  function restoredState(id, spec) {
    var fromLms = has(lmsStates, id) ? lmsStates[id] : null;
    var fromLocal = has(localStates, id) ? localStates[id] : null;
    var local = !connected || (localAhead && fromLocal);
    if (spec.kind === "scenario") {
      var s = local ? fromLocal : fromLms;
      return s ? checkScenario(spec, s) : null;
    }
    if (local) return fromLocal ? checkQuiz(spec, fromLocal, false) : null;
    var state = fromLms ? checkQuiz(spec, fromLms, false) : null;
    var mine = fromLocal ? checkQuiz(spec, fromLocal, true) : null;
    if (mine && Object.keys(mine.answers).length) {
      if (!state) state = { v: 1, answers: {}, checked: {}, submitted: false, seed: mine.seed };
      Object.keys(mine.answers).forEach(function (k) { if (!own.call(state.answers, k)) state.answers[k] = mine.answers[k]; });
    }
    return state;
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
      // Rounded down: an LMS comparing the score with the pass mark decides as the package did.
      raw: Math.floor(r.percent * 100 + 1e-6) / 100
    };
  }

  /** What the LMS gets: the result once the completion rule holds; before that "unfinished" without
   *  a score, unless the LMS already holds a finished result, which a new try does not take back. */
  function reportResult() {
    var s = summary();
    if (s.completed) { session.saveResult(s); held = true; }
    else if (!held) session.saveResult({ completed: false, graded: false, passed: null, raw: 0 });
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
    if (!connected || practice || !dirty) return;
    dirty = false;
    var before = session.changes();
    try {
      var data = encode();
      var limit = target.limits && target.limits.suspendData;
      if (limit && data.length > limit) problems.push("suspend_data has " + data.length + " characters (limit " + limit + ")");
      session.saveSuspendData(data);
      if (touched) session.saveBookmark(touched);
      reportResult();
      recordInteractions();
      recordDecisions();
    } catch (e) {
      problems.push("flush: " + e); // whatever went wrong, what was set is still committed
    }
    if (session.changes() !== before && !session.commit()) {
      problems.push("Commit failed (" + session.lastError() + ")");
      degrade();
    } else if (!synced && !failing) { synced = true; writeLocal(); }
  }

  function finish() {
    if (!connected || finished) return;
    finished = true;
    dirty = true;
    if (timer) { root.clearTimeout(timer); timer = null; }
    flush();
    session.finish(Date.now() - startedAt, practice);
    connected = false;
  }

  // ------------------------------------------------------- learner hashing

  /** SHA-256 of a string as hex (synchronous: the key is needed before the first activity mounts,
   *  and crypto.subtle is missing on file:// and plain-http LMS pages). */
  function sha256(text) {
    var K = [], H = [], i, j;
    function frac(x) { return (x - Math.floor(x)) * 4294967296 | 0; }
    for (var n = 2, found = 0; found < 64; n++) {
      var prime = true;
      for (j = 2; j * j <= n; j++) if (n % j === 0) { prime = false; break; }
      if (!prime) continue;
      if (found < 8) H[found] = frac(Math.pow(n, 1 / 2));
      K[found++] = frac(Math.pow(n, 1 / 3));
    }
    var enc = encodeURIComponent(text), bytes = [], words = [];
    for (i = 0; i < enc.length; i++) {
      if (enc.charAt(i) === "%") { bytes.push(parseInt(enc.substr(i + 1, 2), 16)); i += 2; } else bytes.push(enc.charCodeAt(i));
    }
    var len = bytes.length * 8;
    for (i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    words[len >> 5] |= 0x80 << (24 - len % 32);
    words[((len + 64 >> 9) << 4) + 15] = len;
    function rotr(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (i = 0; i < words.length; i += 16) {
      var w = [], a = H.slice(0);
      for (j = 0; j < 64; j++) {
        if (j < 16) w[j] = words[i + j] | 0;
        else {
          var s0 = rotr(w[j - 15], 7) ^ rotr(w[j - 15], 18) ^ (w[j - 15] >>> 3);
          var s1 = rotr(w[j - 2], 17) ^ rotr(w[j - 2], 19) ^ (w[j - 2] >>> 10);
          w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
        }
        var t1 = (a[7] + (rotr(a[4], 6) ^ rotr(a[4], 11) ^ rotr(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) + K[j] + w[j]) | 0;
        var t2 = ((rotr(a[0], 2) ^ rotr(a[0], 13) ^ rotr(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]))) | 0;
        a = [(t1 + t2) | 0, a[0], a[1], a[2], (a[3] + t1) | 0, a[4], a[5], a[6]];
      }
      for (j = 0; j < 8; j++) H[j] = (H[j] + a[j]) | 0;
    }
    return H.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  // ----------------------------------------------------------- start up

  function start() {
    var hooks = { problem: function (text) { problems.push(text); }, failed: degrade, recovered: function () { showStatus(true); } };
    session = target ? target.connect(root, hooks) : null;
    if (session) {
      connected = true;
      // Whatever the LMS or the browser holds, the session below begins and reports.
      try {
        practice = session.practice();
        // In a course package the learner may have deleted the browser copies before this module opened.
        if (typeof session.localForgotten === "function" && session.localForgotten()) localOff = true;
        held = session.hasResult();
        var learner = session.learner();
        localKey = learner ? localBase + ":" + sha256(cfg.package + "\n" + learner) : null;
        var firstLaunch = session.isFirstLaunch();
        var stored = session.suspendData();
        lmsStates = stored ? decode(stored) : null;
        var bookmark = session.bookmark();
        if (typeof bookmark === "string" && bookmark) touched = bookmark;
        // A new attempt (first launch, nothing stored) starts empty, unless this learner's browser
        // holds work the LMS never got; else this learner's reflections come back.
        localStates = readLocal();
        if (firstLaunch && !lmsStates && !localAhead) localStates = {};
      } catch (e) {
        problems.push("restore: " + e);
        lmsStates = null;
        localStates = {};
      }
      if (!practice) {
        // Never "not attempted": the learner is in the module now.
        session.begin();
        session.commit();
      }
      showStatus(true);
    } else {
      localKey = localBase + ":lokal";
      try { localStates = readLocal(); } catch (e) { localStates = {}; }
      showStatus(false);
    }
    // The copy of earlier versions was not scoped to a learner: it may hold someone else's answers.
    try { var store = storage(); if (store) store.removeItem("kursbuch:scorm:v1:" + cfg.package + ":" + cfg.sco); } catch (e) { /* blocked */ }
  }

  var linked = null;

  function showStatus(withLms) {
    linked = withLms;
    var el = doc.getElementById("kb-lms-status");
    if (!el) return; // the head runs before the body: shown again on DOMContentLoaded
    el.textContent = localOff ? T.forgotten : !withLms ? T.local : practice ? T.practice : T.saved;
    var note = doc.getElementById("kb-lms-note");
    if (note) { note.textContent = dropped ? T.dropped : ""; note.hidden = !dropped; }
    var btn = doc.getElementById("kb-forget");
    if (btn && !btn.getAttribute("data-kb-ready")) {
      btn.setAttribute("data-kb-ready", "1");
      btn.textContent = T.forget;
      btn.hidden = false;
      var act = function () { forgetLocal(); showStatus(linked); };
      if (root.KursbuchConfirm) root.KursbuchConfirm.askFirst(btn, { ask: T.forgetAsk, yes: T.forgetYes, no: T.forgetNo }, act);
      else btn.addEventListener("click", act);
    }
  }

  function factory(id, spec) {
    specs[id] = spec;
    var s = null;
    try { s = restoredState(id, spec); } catch (e) { dropped++; problems.push("restore " + id + ": " + e); }
    if (s) states[id] = s;
    if (dropped && linked !== null) showStatus(linked);
    return {
      persistent: true,
      load: function () { return states[id] || null; },
      // opts.quiet: a save the learner did not make (the engine keeping a new attempt's seed) moves no bookmark.
      save: function (st, opts) {
        states[id] = JSON.parse(JSON.stringify(st));
        synced = false;
        if (!(opts && opts.quiet)) touched = id;
        writeLocal();
        schedule();
      },
      clear: function () {
        delete states[id];
        synced = false;
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
    practice: function () { return practice; },
    summary: summary,
    encode: encode,
    decode: decode,
    sha256: sha256,
    forgetLocal: function () { forgetLocal(); showStatus(linked); },
    flush: function () { dirty = true; flush(); },
    finish: finish
  };

  doc.addEventListener("DOMContentLoaded", function () { if (linked !== null) showStatus(linked); });
  root.addEventListener("load", function () {
    // First status once every activity is mounted; then jump to the bookmark, if it names one of them.
    if (connected) { dirty = true; flush(); }
    if (touched && own.call(specs, touched) && doc.querySelectorAll) {
      var el = null;
      Array.prototype.forEach.call(doc.querySelectorAll("[data-kb-id]"), function (x) {
        if (!el && x.getAttribute("data-kb-id") === touched) el = x;
      });
      el = el || doc.getElementById("kb-" + touched);
      if (el && el.scrollIntoView) el.scrollIntoView({ block: "start" });
    } else if (touched && !own.call(specs, touched)) { touched = null; dropped++; showStatus(linked); }
  });
  // Hidden (tab switched, window closed, LMS page left): commit now, while the page still runs.
  doc.addEventListener("visibilitychange", function () { if (doc.visibilityState === "hidden" && connected) { dirty = true; flush(); } });
  root.addEventListener("pagehide", finish);
  root.addEventListener("beforeunload", finish);
})(typeof globalThis !== "undefined" ? globalThis : this);
