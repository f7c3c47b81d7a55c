/*
 * Kursbuch course unit: the whole course as ONE launchable unit (one SCO) with its own module
 * navigation, for LMS players that keep one API object per player page (Moodle: after a unit's
 * Terminate the next Initialize fails with error 104, so a package of one unit per module stores
 * one module per visit). Target-neutral: the LMS is reached through the export target's own
 * object (globalThis.KursbuchTarget, its contract in scorm.js); nothing here names an edition.
 *
 * Two roles, chosen by the page's <script type="application/json" id="kb-scorm-config">:
 *
 * - The shell (config `shell: true`, the package's launch page, loaded after the target's files):
 *   connects to the LMS exactly once (one Initialize), shows the module menu (a <nav> whose links
 *   carry data-kb-module; aria-current="page" on the module shown; a module picked there gets the
 *   focus once loaded) and each module page in one same-package iframe (#kb-course-frame), and hands every module page a per-module session
 *   (KursbuchCourse.connect) with the same methods as the target's session. It keeps every
 *   module's data in the one suspend_data, {v: 1, m: {module: {s: the module's own suspend_data,
 *   l: its bookmark, r: its last reported result {c, g, p, x}}}}, the bookmark as
 *   "module#position" in the target's bookmark element, and reports the course result: completed
 *   when every module's completion rule holds; then the score is the mean of the module scores
 *   (modules with a scored quiz; rounded down to two decimals) and passed when it reaches the
 *   course's pass mark (the manifest's one mastery value); before that "incomplete" and no score,
 *   and a finished course result is not taken back by a new unfinished try (as scorm.js does for
 *   a module). Per-question records go straight to the LMS, so they are numbered across modules.
 *   Commits when a module commits, when the page is hidden, and finishes (one Terminate, session
 *   time, exit "suspend") on pagehide, after finishing the module shown.
 *   Review, browse, no-credit: nothing written, as in scorm.js. Restored data is checked part by
 *   part (known modules, strings, results of the right shape); what does not fit is dropped with
 *   one note; an unknown future version is not used.
 * - A module page inside the shell (config `in_shell: true`, loaded before scorm.js): sets
 *   globalThis.KursbuchTarget to a target whose connect() asks the shell above for this module's
 *   session, so the module page runs the same runtime (scorm.js) as a module package. Opened
 *   outside the shell it has no LMS and keeps its state in the browser.
 */
(function (root) {
  "use strict";

  var doc = root.document;
  var cfgEl = doc && doc.getElementById("kb-scorm-config");
  if (!cfgEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var own = Object.prototype.hasOwnProperty;

  function isObj(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  // ------------------------------------------------------ a module page in the shell

  if (cfg.in_shell) {
    var shellOf = function (win) {
      try {
        var up = win.parent;
        return up && up !== win && up.KursbuchCourse && typeof up.KursbuchCourse.connect === "function" ? up.KursbuchCourse : null;
      } catch (e) {
        return null; // another origin: not our shell
      }
    };
    root.KursbuchTarget = {
      name: cfg.target,
      limits: { suspendData: 0 }, // the shell checks the course's one suspend_data
      connect: function (win, hooks) {
        var shell = shellOf(win);
        return shell ? shell.connect(cfg.sco, hooks) : null;
      }
    };
    return;
  }
  if (!cfg.shell) return;

  // ------------------------------------------------------------------ the shell

  var VERSION = 1;
  var T = {
    saved: "Ihr Lernstand wird in der Lernplattform gespeichert. Reflexionen bleiben in diesem Browser.",
    local: "Keine Verbindung zur Lernplattform: Ihr Lernstand wird nur in diesem Browser gespeichert.",
    practice: "Übungsmodus: Die Lernplattform hat diesen Kurs zum Ansehen geöffnet. Dieser Versuch wird nicht " +
      "gespeichert und ändert Ihr Ergebnis nicht.",
    dropped: "Ein Teil Ihres gespeicherten Lernstands passt nicht zu dieser Fassung des Kurses und wurde nicht " +
      "übernommen. Bitte bearbeiten Sie die betroffenen Aufgaben noch einmal.",
    forget: "Meine Daten in diesem Browser löschen",
    forgetAsk: "Möchten Sie Ihre Daten aller Module in diesem Browser löschen, auch Ihre Reflexionen? Das lässt " +
      "sich nicht rückgängig machen.",
    forgetYes: "Ja, löschen",
    forgetNo: "Abbrechen",
    forgotten: "Ihre Daten in diesem Browser sind gelöscht; was Sie ab jetzt eingeben, wird hier nicht mehr " +
      "gespeichert. Was die Lernplattform gespeichert hat, bleibt dort.",
    states: { passed: "bestanden", failed: "nicht bestanden", completed: "abgeschlossen", started: "begonnen" },
    courseOpen: function (k, n) { return "Kursergebnis: noch offen – " + k + " von " + n + " Modulen abgeschlossen."; },
    courseDone: "Kursergebnis: abgeschlossen.",
    courseGraded: function (passed, raw, pass) {
      return "Kursergebnis: " + (passed ? "bestanden" : "nicht bestanden") + " – " + percent(raw) +
        " im Mittel der Wissenschecks (Bestehensgrenze " + percent(pass) + ").";
    }
  };

  function percent(x) { return String(x).replace(".", ",") + " %"; }

  var modules = Object.create(null); // id -> {id, title, launch, pass_percent}
  var order = [];
  (cfg.modules || []).forEach(function (m) { modules[m.id] = m; order.push(m.id); });
  var target = root.KursbuchTarget || null;
  var real = null; // the one LMS session of this launch
  var practice = false;
  var held = false; // the LMS holds a finished course result of this attempt
  var finished = false;
  var failing = false;
  var forgotten = false;
  var problems = [];
  var dropped = 0;
  var data = { v: VERSION, m: {} }; // every module's data, as the LMS gets it
  var current = null; // the module shown
  var sessions = 0; // per-module sessions handed out, so a closed one cannot write
  var hooksNow = null; // the hooks of the module page shown: LMS failures reach its runtime too
  var startedAt = Date.now();
  var changed = false;

  if (target && cfg.target && target.name !== cfg.target) {
    problems.push("the page is for target " + cfg.target + " but loads " + target.name);
    target = null;
  }

  /** One module's stored data, checked part by part; null when nothing of it fits. */
  function checkEntry(e) {
    if (!isObj(e)) { dropped++; return null; }
    var out = {};
    if (typeof e.s === "string") out.s = e.s; else if (e.s !== undefined) dropped++;
    if (typeof e.l === "string") out.l = e.l; else if (e.l !== undefined) dropped++;
    if (e.r !== undefined) {
      var r = e.r;
      if (isObj(r) && (r.c === 0 || r.c === 1) && (r.g === 0 || r.g === 1) &&
          (r.p === true || r.p === false || r.p === null) && typeof r.x === "number" && isFinite(r.x) && r.x >= 0 && r.x <= 100) {
        out.r = { c: r.c, g: r.g, p: r.p, x: r.x };
      } else dropped++;
    }
    return out;
  }

  function restore(text) {
    if (!text) return;
    var stored;
    try { stored = JSON.parse(text); } catch (e) { dropped++; return; }
    if (!isObj(stored) || stored.v !== VERSION || !isObj(stored.m)) { dropped++; return; } // unknown (future) format: not used
    Object.keys(stored.m).forEach(function (id) {
      if (!(id in modules)) { dropped++; return; } // a module this course no longer has
      var e = checkEntry(stored.m[id]);
      if (e) data.m[id] = e;
    });
  }

  /** The module and position the bookmark names ("module#position"); unknown modules are dropped. */
  function readBookmark(text) {
    if (typeof text !== "string" || !text) return null;
    var at = text.indexOf("#");
    var id = at < 0 ? text : text.slice(0, at);
    if (!(id in modules)) { dropped++; return null; }
    return { module: id, position: at < 0 ? "" : text.slice(at + 1) };
  }

  // ---------------------------------------------------------------- the result

  /** The course result from the modules' last reported results (see the contract above). */
  function summary() {
    var completed = order.length > 0, sum = 0, n = 0;
    order.forEach(function (id) {
      var r = own.call(data.m, id) && data.m[id].r;
      if (!r || r.c !== 1) { completed = false; return; }
      if (r.g === 1) { sum += r.x; n++; }
    });
    var raw = n ? Math.floor(sum / n * 100 + 1e-6) / 100 : 0;
    var graded = completed && n > 0;
    return { completed: completed, graded: graded, passed: graded ? raw >= cfg.pass_percent : null, raw: raw };
  }

  function write() {
    var text = JSON.stringify(data);
    if (cfg.suspend_limit && text.length > cfg.suspend_limit) {
      problems.push("suspend_data has " + text.length + " characters (limit " + cfg.suspend_limit + ")");
    }
    real.saveSuspendData(text);
    if (current) {
      var pos = own.call(data.m, current) && data.m[current].l;
      real.saveBookmark(current + (pos ? "#" + pos : ""));
    }
    var s = summary();
    if (s.completed) { real.saveResult(s); held = true; }
    else if (!held) real.saveResult({ completed: false, graded: false, passed: null, raw: 0 });
  }

  /** Writes what changed and commits; false when the LMS refused the commit. */
  function commit() {
    if (!real || finished || practice) return true;
    var before = real.changes();
    try { write(); } catch (e) { problems.push("write: " + e); }
    if (real.changes() === before && !changed) return true;
    changed = false;
    if (real.commit()) return true;
    problems.push("Commit failed (" + real.lastError() + ")");
    degrade();
    return false;
  }

  function degrade() {
    failing = true;
    showStatus();
    if (hooksNow) hooksNow.failed();
  }

  // ------------------------------------------------------ per-module sessions

  /** The session a module page's runtime (scorm.js) talks to: the target's session methods, kept
   *  in this module's part of the course data; null without an LMS (the page keeps its state in
   *  the browser). */
  function connect(id, hooks) {
    if (!real || finished || !(id in modules)) return null;
    var mine = ++sessions;
    var count = 0;
    hooksNow = hooks;
    function open() { return mine === sessions && !finished; }
    function entry() { return own.call(data.m, id) ? data.m[id] : (data.m[id] = {}); }
    function put(key, value) {
      if (!open() || practice) return;
      var e = entry();
      if (JSON.stringify(e[key]) === JSON.stringify(value)) return;
      e[key] = value;
      count++;
      changed = true;
    }
    return {
      changes: function () { return count; },
      isFirstLaunch: function () { return !own.call(data.m, id); },
      suspendData: function () { return own.call(data.m, id) && data.m[id].s || ""; },
      bookmark: function () { return own.call(data.m, id) && data.m[id].l || ""; },
      learner: function () { return real.learner(); },
      practice: function () { return practice; },
      localForgotten: function () { return forgotten; }, // the learner deleted the browser copies: write none
      hasResult: function () { return !!(own.call(data.m, id) && data.m[id].r && data.m[id].r.c === 1); },
      begin: function () { if (!own.call(data.m, id)) { entry(); count++; changed = true; } },
      saveSuspendData: function (text) { put("s", String(text)); },
      saveBookmark: function (pos) { put("l", String(pos)); },
      saveResult: function (s) {
        put("r", { c: s.completed ? 1 : 0, g: s.graded ? 1 : 0, p: s.passed === null ? null : !!s.passed, x: s.graded ? s.raw : 0 });
        showStates();
      },
      // Straight to the LMS: numbered after the records of the modules before.
      saveInteraction: function (item, rec) { if (open() && !practice) { real.saveInteraction(item, rec); count++; } },
      commit: function () { return open() ? commit() : false; },
      lastError: function () { return real.lastError(); },
      // The module leaves (another module is picked, or the page ends): its data is committed now;
      // the LMS session goes on until the shell's own pagehide.
      finish: function (ms, quiet) { if (open() && !quiet) commit(); if (mine === sessions) hooksNow = null; }
    };
  }

  // ---------------------------------------------------------------- the page

  function frame() { return doc.getElementById("kb-course-frame"); }

  function links() { return Array.prototype.slice.call(doc.querySelectorAll("[data-kb-module]")); }

  /** True when the frame shows module `id`'s own page (not a glossary or legal page opened from it).
   *  Unknown (another origin, file://) counts as not. */
  function frameShows(id) {
    try {
      var a = doc.createElement("a");
      a.href = modules[id].launch;
      return frame().contentWindow.location.pathname === a.pathname;
    } catch (e) { return false; }
  }

  /** Shows module `id` in the frame; the module shown before is finished first (its data committed).
   *  The module shown already is loaded again only when the frame has moved on to another page. */
  function show(id) {
    if (!(id in modules)) return false;
    if (id === current) {
      if (frameShows(id)) return true; // nothing to reload
      var g = frame();
      if (g) g.src = modules[id].launch; // setting src navigates even when the value is the same
      return true;
    }
    var f = frame();
    if (current !== null) finishModule();
    current = id;
    links().forEach(function (a) {
      if (a.getAttribute("data-kb-module") === id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (f) {
      f.setAttribute("title", "Modul: " + modules[id].title);
      f.src = modules[id].launch;
    }
    changed = true;
    commit(); // the bookmark names the module now
    return true;
  }

  /** Moves the focus into the module frame: onto the module page's main content (so Shift+Tab goes
   *  back towards the menu), or onto the frame when its document cannot be reached (file://). The
   *  frame is outlined until the focus goes on inside the module or leaves it (browsers match neither
   *  :focus nor :focus-visible on a frame whose document has the focus); it is scrolled into view when
   *  less than half the window would show it (at 320 px the menu alone fills the first screen). */
  function focusFrame() {
    var f = frame();
    if (!f || typeof f.focus !== "function") return;
    var inner;
    try { inner = f.contentDocument || null; } catch (e) { inner = null; } // another origin
    var top = f.getBoundingClientRect().top;
    if (top < 0 || top > (root.innerHeight || 0) / 2) f.scrollIntoView({ block: "start" });
    var main = inner && inner.getElementById("inhalt");
    if (main && typeof main.focus === "function") main.focus({ preventScroll: true });
    else f.focus();
    if (!inner) return; // the outline could not follow the focus inside: the module's own rings show it
    f.classList.add("kb-focus-arrived");
    // The next focus move or press, in the module or in the shell (a frame gets no blur event when
    // the focus leaves its document), ends the outline. Added after the focus moved (focusin fires
    // at once); removed together, also in browsers without listener options.
    var targets = [inner, doc];
    var clear = function () {
      f.classList.remove("kb-focus-arrived");
      targets.forEach(function (t) {
        t.removeEventListener("focusin", clear, false);
        t.removeEventListener("pointerdown", clear, false);
      });
    };
    targets.forEach(function (t) {
      t.addEventListener("focusin", clear, false);
      t.addEventListener("pointerdown", clear, false);
    });
  }

  var picks = 0; // modules picked from the menu: only the latest pick's load moves the focus

  /** A module picked from the menu (`link`): once it has loaded, the focus moves into it, as it moves
   *  to a new page after a link; not when the learner has moved the focus elsewhere meanwhile (a slow
   *  LMS), and not at launch: the page opens where the browser puts the focus. */
  function focusWhenLoaded(link) {
    var f = frame();
    if (!f || typeof f.addEventListener !== "function") return;
    var mine = ++picks;
    var once = function () {
      f.removeEventListener("load", once, false);
      if (mine !== picks) return;
      var active = doc.activeElement;
      if ((active === link || active === doc.body || !active) && (typeof doc.hasFocus !== "function" || doc.hasFocus())) focusFrame();
    };
    f.addEventListener("load", once, false);
  }

  /** The frame's name after each page it loads: the module, or the page opened from it. */
  function nameFrame() {
    var f = frame();
    if (!f || current === null) return;
    var title = "Modul: " + modules[current].title;
    if (!frameShows(current)) {
      var inner;
      try { inner = f.contentDocument.title || ""; } catch (e) { inner = ""; } // file://: another origin
      if (inner) title = inner + " (aus " + title + ")";
    }
    f.setAttribute("title", title);
  }

  function finishModule() {
    try {
      var f = frame(), w = f && f.contentWindow;
      if (w && w.KursbuchScorm && typeof w.KursbuchScorm.finish === "function") w.KursbuchScorm.finish();
    } catch (e) { problems.push("finish module: " + e); }
  }

  function showStates() {
    order.forEach(function (id) {
      var el = doc.getElementById("kb-state-" + id);
      if (!el) return;
      var e = own.call(data.m, id) ? data.m[id] : null;
      var r = e && e.r;
      var word = !e ? "" : r && r.c === 1 ? (r.p === true ? T.states.passed : r.p === false ? T.states.failed : T.states.completed) : T.states.started;
      el.textContent = word ? "(" + word + ")" : "";
    });
    var line = doc.getElementById("kb-course-result");
    if (!line) return;
    var s = summary();
    var done = order.filter(function (id) { return own.call(data.m, id) && data.m[id].r && data.m[id].r.c === 1; }).length;
    var text = !s.completed ? T.courseOpen(done, order.length) : s.graded ? T.courseGraded(s.passed, s.raw, cfg.pass_percent) : T.courseDone;
    if (line.textContent !== text) line.textContent = text; // a status region: announced only when it changes
  }

  function showStatus() {
    var el = doc.getElementById("kb-lms-status");
    if (el) el.textContent = forgotten ? T.forgotten : !real || failing ? T.local : practice ? T.practice : T.saved;
    var note = doc.getElementById("kb-lms-note");
    if (note) { note.textContent = dropped ? T.dropped : ""; note.hidden = !dropped; }
  }

  /** "Meine Daten in diesem Browser löschen": the browser copies of every module of this package
   *  (the module shown deletes its own, the runtime of that page stops writing one). */
  function forget() {
    var f = frame(), scorm;
    try { scorm = f && f.contentWindow && f.contentWindow.KursbuchScorm; } catch (e) { scorm = null; } // file://: another origin
    if (scorm && typeof scorm.forgetLocal === "function") scorm.forgetLocal();
    var store = null;
    try { store = root.localStorage || null; } catch (e) { store = null; }
    if (store && scorm && typeof scorm.sha256 === "function") {
      var learner = real ? real.learner() : "";
      var suffix = learner ? ":" + scorm.sha256(cfg.package + "\n" + learner) : ":lokal";
      order.forEach(function (id) {
        try { store.removeItem("kursbuch:scorm:" + cfg.package + ":" + id + suffix); } catch (e) { /* blocked */ }
      });
    }
    forgotten = true;
    showStatus();
  }

  function finish() {
    if (finished) return;
    finishModule(); // the module shown commits its last answers through its session first
    if (real) {
      commit();
      finished = true;
      real.finish(Date.now() - startedAt, practice);
    }
    finished = true;
  }

  function start() {
    var hooks = {
      problem: function (text) { problems.push(text); if (hooksNow) hooksNow.problem(text); },
      failed: degrade,
      recovered: function () { failing = false; showStatus(); }
    };
    real = target ? target.connect(root, hooks) : null;
    var mark = null;
    if (real) {
      try {
        practice = real.practice();
        held = real.hasResult();
        restore(real.suspendData());
        mark = readBookmark(real.bookmark());
        if (mark && mark.position && !(own.call(data.m, mark.module) && data.m[mark.module].l)) {
          (data.m[mark.module] = data.m[mark.module] || {}).l = mark.position;
        }
      } catch (e) {
        problems.push("restore: " + e);
        data = { v: VERSION, m: {} };
      }
      if (!practice) {
        real.begin(); // never "not attempted"
        real.commit();
      }
    }
    showStatus();
    showStates();
    links().forEach(function (a) {
      a.addEventListener("click", function (ev) {
        if (ev && typeof ev.preventDefault === "function") ev.preventDefault();
        var id = a.getAttribute("data-kb-module");
        var again = id === current && frameShows(id);
        if (show(id) && !again) focusWhenLoaded(a);
      });
    });
    var btn = doc.getElementById("kb-forget");
    if (btn) {
      btn.textContent = T.forget;
      btn.hidden = false;
      if (root.KursbuchConfirm) root.KursbuchConfirm.askFirst(btn, { ask: T.forgetAsk, yes: T.forgetYes, no: T.forgetNo }, forget);
      else btn.addEventListener("click", forget);
    }
    var skip = doc.querySelector(".kb-skip");
    if (skip) {
      skip.addEventListener("click", function (ev) {
        if (ev && typeof ev.preventDefault === "function") ev.preventDefault();
        focusFrame();
      });
    }
    var f = frame();
    if (f && typeof f.addEventListener === "function") f.addEventListener("load", nameFrame);
    show(mark ? mark.module : order[0]);
  }

  root.KursbuchCourse = {
    problems: problems,
    connect: connect,
    show: show,
    current: function () { return current; },
    summary: summary,
    data: function () { return JSON.parse(JSON.stringify(data)); },
    finish: finish
  };
  start();
  // Hidden (tab switched, window closed, LMS page left): commit now, while the page still runs.
  doc.addEventListener("visibilitychange", function () { if (doc.visibilityState === "hidden") commit(); });
  root.addEventListener("pagehide", finish);
  root.addEventListener("beforeunload", finish);
})(typeof globalThis !== "undefined" ? globalThis : this);
