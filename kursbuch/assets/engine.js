/*
 * Kursbuch engine: the one implementation of quizzes and branching scenarios.
 *
 * Contract
 * - A classic script without dependencies; it defines globalThis.KursbuchEngine.
 *   Classic (not an ES module) so that it runs from file:// too. This file is the engine core
 *   (quiz frame, scenarios, presentation, stores, mounting); every quiz item type is a module of
 *   its own (kursbuch/items/<type>/item.js) that calls KursbuchEngine.registerItem(def).
 *   kursbuch/assets assembles ONE bundle: this core, each registered item's script in the
 *   registry's order, then KursbuchEngine.start(), which mounts every activity on the page.
 *   Every consumer (course pages, SCORM packages, the Jupyter widget, the node tests) gets it
 *   from kursbuch.assets.engine_source().
 * - mount(el, spec, store, hooks) renders a quiz or scenario from its spec (made
 *   by kursbuch/core/render.py) into el. store = {load(), save(state, opts), clear()};
 *   opts.quiet marks a save the learner did not make (a new attempt's seed).
 *   keeps the learner's state; hooks.onChange(state, summary) observes it.
 * - On a page, every .kb-activity host with a JSON spec is mounted by start() with
 *   a localStorage store (kept in this browser only, never sent anywhere).
 * - scoreItem/scoreQuiz/moduleResult mirror kursbuch/core/scoring.py operation for operation;
 *   tests/data/scoring_cases.json keeps the two in agreement.
 *
 * An item type (registerItem) is an object with
 *   type         the `type:` of the format (kursbuch/items/<type>/__init__.py)
 *   scored       whether it earns points; then also score(item, answer) -> 0 … item.points,
 *                interaction(item, answer) -> {type, parts} for an LMS, and
 *                feedback(item, answer, ui) -> an element explaining each part of the answer
 *   isAnswered(item, answer) -> whether the answer is complete enough to be checked
 *   view(ctx) -> {el, update(locked), shownAnswer?()}: the controls; ctx gives the item, its
 *                legend, the answer (answer(), setAnswer(a)) and ui helpers (see ui below)
 */
(function (root) {
  "use strict";

  var STATE_VERSION = 1;
  var STORAGE_PREFIX = "kursbuch:v1:";

  var T = {
    question: function (i, n) { return "Frage " + i + " von " + n; },
    questionShort: function (i) { return "Frage " + i; },
    points: function (p) { return p === 1 ? "1 Punkt" : fmt(p) + " Punkte"; },
    check: "Antwort prüfen",
    retry: "Erneut versuchen",
    answerFirst: "Bitte wählen Sie zuerst eine Antwort.",
    correct: "Richtig.",
    partly: "Teilweise richtig.",
    wrong: "Nicht richtig.",
    pointsOf: function (max) { return max === 1 ? "1 Punkt" : fmt(max) + " Punkten"; },
    earned: function (p, max) { return fmt(p) + " von " + T.pointsOf(max) + "."; },
    explanation: "Erläuterung",
    impulse: "Impuls zum Weiterdenken",
    submit: "Ergebnis anzeigen",
    progress: function (done, n) { return done + " von " + n + " bewerteten Fragen beantwortet."; },
    missing: function (list) { return "Bitte beantworten Sie zuerst alle Fragen. Noch offen: " + list + "."; },
    result: function (p, max, pct) { return "Sie haben " + fmt(p) + " von " + T.pointsOf(max) + " erreicht (" + pct + " %)."; },
    passed: function (pass) { return "Bestanden. Die Bestehensgrenze liegt bei " + pass + " %."; },
    failed: function (pass) { return "Noch nicht bestanden. Die Bestehensgrenze liegt bei " + pass + " %. Lesen Sie die Erläuterungen und versuchen Sie es erneut."; },
    passInfo: function (n, pass) { return n + " bewertete Fragen. Bestehensgrenze: " + pass + " % der Punkte."; },
    resetQuiz: "Alle Antworten löschen und neu beginnen",
    resetAsk: "Möchten Sie wirklich alle Antworten löschen und neu beginnen? Das lässt sich nicht rückgängig machen.",
    resetYes: "Ja, alle Antworten löschen",
    resetNo: "Abbrechen",
    resetDone: "Ihre Antworten wurden gelöscht. Sie können neu beginnen.",
    retryWrong: "Falsch beantwortete Fragen wiederholen",
    reopened: function (list) { return "Diese Fragen sind wieder offen: " + list + ". Ihre übrigen Antworten bleiben erhalten."; },
    contentNote: "Inhaltshinweis",
    step: function (i) { return "Entscheidung " + i; },
    decide: "Entscheiden",
    chooseFirst: "Bitte wählen Sie zuerst eine Möglichkeit.",
    consequence: "Folge Ihrer Entscheidung",
    next: "Weiter",
    back: "Einen Schritt zurück",
    restart: "Fall neu starten",
    ending: "Ende des Falls",
    rating: "Bewertung",
    ratings: { good: "günstiger Ausgang", mixed: "teilweise günstiger Ausgang", poor: "ungünstiger Ausgang" },
    choiceRatings: { good: "gut", mixed: "teils gut, teils nicht", poor: "ungünstig" },
    consequenceShort: "Folge",
    debrief: "Auswertung",
    pathTitle: "Ihr Weg durch den Fall",
    yourDecision: "Ihre Entscheidung",
    restarted: "Der Fall beginnt von vorn.",
    present: "Im Präsentationsmodus zeigen",
    presentTitle: function (t) { return "Präsentation: " + t; },
    presentHelp: "Leertaste oder Pfeil rechts: weiter · Pfeil links: zurück · Ziffern 1–9: Möglichkeit wählen · Esc: beenden",
    presentClose: "Präsentation beenden",
    presentStart: "Fall beginnen",
    votesShort: "Stimmen",
    votesFor: function (i, label) { return "für " + T.option(i) + ": " + label; },
    option: function (i) { return "Möglichkeit " + i; },
    pickNumber: function (i) { return "Möglichkeit " + i + " nehmen"; },
    followMajority: "Der Mehrheit folgen",
    tie: "Gleichstand: Bitte wählen Sie eine Möglichkeit mit einer Ziffer oder der Schaltfläche.",
    noVotes: "Noch keine Stimmen: Tragen Sie die Stimmen ein oder wählen Sie eine Möglichkeit.",
    groupChose: function (label, how) { return "Die Gruppe hat entschieden: " + label + " (" + how + ")."; },
    byMajority: "Mehrheit",
    byPick: "Wahl der Moderation",
    voteList: function (list) { return "Stimmen: " + list; },
    summaryTitle: "Zusammenfassung: Weg der Gruppe und Stimmen",
    liveShort: "Live",
    handShort: "Per Hand",
    liveFor: function (i, label) { return "Stimmen über Telefone für " + T.option(i) + ": " + label; },
    handFor: function (i, label) { return "zusätzlich per Hand gezählt für " + T.option(i) + ": " + label; },
    liveVotes: function (n) { return n === 1 ? "1 Stimme" : n + " Stimmen"; },
    liveOpen: function (n) { return "Abstimmung läuft: " + T.liveVotes(n) + " über Telefone."; },
    liveClosed: function (n) { return "Abstimmung geschlossen: " + T.liveVotes(n) + " über Telefone."; },
    liveClose: "Abstimmung schließen",
    liveReopen: "Abstimmung wieder öffnen",
    liveWait: "Verbindung zum Server wird aufgebaut …",
    storageOff: "Hinweis: Ihr Browser erlaubt keine Speicherung. Ihre Antworten gehen beim Neuladen der Seite verloren."
  };

  function fmt(x) {
    var r = Math.round(x * 100) / 100;
    return String(r).replace(".", ",");
  }

  // ------------------------------------------------------------------ scoring

  function isObj(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  // ---------------------------------------------------------- item registry

  var types = {};
  var typeOrder = [];

  /** Register an item type (see the contract above); called by each kursbuch/items/<type>/item.js. */
  function registerItem(def) {
    if (!def || typeof def.type !== "string" || typeof def.view !== "function" || typeof def.isAnswered !== "function") {
      throw new Error("KursbuchEngine.registerItem: an item type needs type, view and isAnswered");
    }
    if (def.scored && (typeof def.score !== "function" || typeof def.interaction !== "function" || typeof def.feedback !== "function")) {
      throw new Error("KursbuchEngine.registerItem: scored type " + def.type + " needs score, interaction and feedback");
    }
    if (!types[def.type]) typeOrder.push(def.type);
    types[def.type] = def;
  }

  /** The registered types in registration order, as {type, scored} (compared with the Python registry). */
  function itemTypes() {
    return typeOrder.map(function (t) { return { type: t, scored: !!types[t].scored }; });
  }

  function typeOf(item) { return item && Object.prototype.hasOwnProperty.call(types, item.type) ? types[item.type] : null; }

  function isScored(item) { var t = typeOf(item); return !!(t && t.scored); }

  function scoreItem(item, answer) { return isScored(item) ? typeOf(item).score(item, answer) : 0; }

  /**
   * What an LMS may record of a scored item: the interaction type and the response as parts
   * (ids, or [id, value] pairs); each export target writes them in its own notation.
   * null for items that are not scored (they never leave the browser).
   */
  function interaction(item, answer) {
    if (!isScored(item)) return null;
    var rec = typeOf(item).interaction(item, answer);
    return { type: rec.type, parts: rec.parts, correct: scoreItem(item, answer) === item.points };
  }

  /** Whether an answer is complete enough to be checked. */
  function isAnswered(item, answer) { var t = typeOf(item); return !!(t && t.isAnswered(item, answer)); }

  function scoreQuiz(spec, answers) {
    var points = 0, max = 0;
    spec.items.forEach(function (item) {
      if (!isScored(item)) return;
      points += scoreItem(item, answers[item.id]);
      max += item.points;
    });
    var ratio = max ? points / max : 0;
    return {
      points: points,
      max_points: max,
      percent: Math.floor(ratio * 100 + 0.5),
      passed: points * 100 >= spec.settings.pass_percent * max - 1e-9
    };
  }

  /**
   * A module's result over its activities (specs and states by activity id), for every export
   * target: the points of all scored quizzes added up; graded once every scored quiz was
   * submitted; passed when graded, every quiz passed and the sum reaches passPercent.
   * Mirrors kursbuch/core/scoring.py score_module (tests/data/scoring_cases.json).
   */
  function moduleResult(specs, states, passPercent) {
    var r = { points: 0, max_points: 0, quizzes: 0, submitted: 0, scenarios: 0, ended: 0, graded: false, passed: null, percent: 0 };
    var allPassed = true;
    Object.keys(specs).sort().forEach(function (id) {
      var spec = specs[id], s = states[id];
      if (spec.kind === "scenario") {
        r.scenarios++;
        if (s && scenarioSummary(spec, cleanScenarioState(spec, s)).ended) r.ended++;
      } else if (spec.items.some(isScored)) {
        r.quizzes++;
        var q = scoreQuiz(spec, (s && isObj(s.answers) && s.answers) || {});
        r.points += q.points;
        r.max_points += q.max_points;
        if (s && s.submitted) { r.submitted++; if (!q.passed) allPassed = false; }
      }
    });
    r.graded = r.quizzes > 0 && r.submitted === r.quizzes;
    r.percent = r.max_points ? r.points / r.max_points * 100 : 0;
    if (r.graded) r.passed = allPassed && r.percent >= passPercent - 1e-9;
    return r;
  }

  // ------------------------------------------------------------------ stores

  function memoryStore(initial) {
    var state = initial || null;
    return {
      load: function () { return state; },
      save: function (s) { state = s; },
      clear: function () { state = null; }
    };
  }

  function localStore(id) {
    var key = STORAGE_PREFIX + id, ok = true, fallback = null;
    try { root.localStorage.setItem(key + ":probe", "1"); root.localStorage.removeItem(key + ":probe"); }
    catch (e) { ok = false; }
    return {
      persistent: ok,
      load: function () {
        if (!ok) return fallback;
        try { return JSON.parse(root.localStorage.getItem(key)); } catch (e) { return null; }
      },
      save: function (s) {
        fallback = s;
        if (ok) { try { root.localStorage.setItem(key, JSON.stringify(s)); } catch (e) { /* quota: keep in memory */ } }
      },
      clear: function () {
        fallback = null;
        if (ok) { try { root.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
      }
    };
  }

  // -------------------------------------------------------------------- DOM

  var doc = root.document;

  function h(tag, attrs) {
    var el = doc.createElement(tag);
    attrs = attrs || {};
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "html") el.innerHTML = v; // only HTML rendered by kursbuch from escaped Markdown
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else if (k === "className") el.className = v;
      else el.setAttribute(k, v === true ? "" : v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(x); });
      else el.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
    }
    return el;
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function show(el, on) { el.hidden = !on; }
  function domId(base) { return "kb-" + base.replace(/[^A-Za-z0-9_-]/g, "-"); }

  // ------------------------------------------------------------------- quiz

  var Case = root.KursbuchCase; // case.js comes first in the bundle: the case logic and the seeded order

  function isSeed(x) { return typeof x === "number" && x >= 0 && x <= 4294967295 && x % 1 === 0; }

  /**
   * A quiz state from whatever was stored: answers and checks of items that still exist, the
   * submitted flag only if every scored item is checked, and the seed of this learner's attempt
   * (the order of the options); a state without one (older format) gets a new seed.
   */
  function cleanQuizState(spec, s) {
    var out = { v: STATE_VERSION, answers: {}, checked: {}, submitted: false, seed: isObj(s) && isSeed(s.seed) ? s.seed : Case.newSeed() };
    if (!isObj(s)) return out;
    var ids = Object.create(null); // no inherited names: a stored "constructor" is not an item
    spec.items.forEach(function (i) { ids[i.id] = i; });
    if (isObj(s.answers)) Object.keys(s.answers).forEach(function (k) { if (ids[k]) out.answers[k] = s.answers[k]; });
    if (isObj(s.checked)) Object.keys(s.checked).forEach(function (k) {
      if (ids[k] && s.checked[k] && isAnswered(ids[k], out.answers[k])) out.checked[k] = true;
    });
    out.submitted = !!s.submitted && spec.items.every(function (i) { return !isScored(i) || out.checked[i.id]; });
    return out;
  }

  /**
   * The order in which an item shows its parts (ids): seeded per learner, attempt and item, or as
   * written when the quiz says settings.shuffle: false. avoid: an order the result must not be.
   */
  function partOrder(spec, state, item) {
    var fixed = !!(spec.settings && spec.settings.shuffle === false);
    var fn = function (ids, avoid) { return fixed ? ids.slice() : Case.order(ids, state.seed, item.id, avoid); };
    fn.shuffled = !fixed;
    return fn;
  }

  function mountQuiz(el, spec, store, hooks) {
    var state = cleanQuizState(spec, store.load());
    var scored = spec.items.filter(isScored);
    var views = {};
    var base = domId(spec.id);

    function save() {
      store.save(state);
      if (hooks.onChange) hooks.onChange(state, scoreQuiz(spec, state.answers));
    }

    // The result is the one live message of "Ergebnis anzeigen"; item feedback is not live then.
    var result = h("div", { className: "kb-result", role: "status" });
    var progress = h("p", { className: "kb-progress" });
    var items = h("div", { className: "kb-items" });
    var submitBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-submit", text: T.submit, onclick: submit });
    var retryWrongBtn = h("button", { type: "button", className: "kb-btn kb-retry-wrong", text: T.retryWrong, onclick: retryWrong });
    var resetBtn = h("button", { type: "button", className: "kb-btn kb-reset", text: T.resetQuiz, "aria-expanded": "false", "aria-controls": base + "-confirm", onclick: askReset });
    var confirmYes = h("button", { type: "button", className: "kb-btn kb-primary kb-confirm-yes", text: T.resetYes, "aria-describedby": base + "-confirm-q", onclick: reset });
    var confirmNo = h("button", { type: "button", className: "kb-btn kb-confirm-no", text: T.resetNo, onclick: cancelReset });
    // An inline confirmation (window.confirm may be blocked in an LMS iframe).
    var confirmBox = h("div", { className: "kb-confirm", id: base + "-confirm", role: "group", "aria-labelledby": base + "-confirm-q", hidden: true },
      h("p", { className: "kb-strong", id: base + "-confirm-q", text: T.resetAsk }),
      h("div", { className: "kb-actions" }, confirmYes, confirmNo));

    clear(el);
    el.appendChild(h("div", { className: "kb-quiz-head" },
      h("h3", { className: "kb-title", html: spec.title }),
      spec.intro ? h("div", { className: "kb-intro", html: spec.intro }) : null,
      scored.length ? h("p", { className: "kb-meta", text: T.passInfo(scored.length, spec.settings.pass_percent) }) : null,
      store.persistent === false ? h("p", { className: "kb-warning", text: T.storageOff }) : null));
    el.appendChild(items);
    var actions = scored.length ? [submitBtn, retryWrongBtn, resetBtn] : [resetBtn];
    el.appendChild(h("div", { className: "kb-quiz-foot" }, scored.length ? progress : null, h("div", { className: "kb-actions" }, actions), confirmBox, result));

    function buildItems() {
      clear(items);
      views = {};
      spec.items.forEach(function (item, i) {
        var v = itemView(spec, item, i, function () { return state; }, save, refreshFooter);
        views[item.id] = v;
        items.appendChild(v.el);
        v.update();
      });
    }

    function refreshFooter(keep) {
      var done = scored.filter(function (i) { return isAnswered(i, state.answers[i.id]); }).length;
      progress.textContent = T.progress(done, scored.length);
      var r = scoreQuiz(spec, state.answers);
      show(retryWrongBtn, state.submitted && !r.passed);
      if (state.submitted) {
        setResult(r);
        submitBtn.hidden = true;
      } else {
        submitBtn.hidden = false;
        if (!keep) { clear(result); result.className = "kb-result"; }
      }
    }

    function setResult(r) {
      clear(result);
      result.className = "kb-result " + (r.passed ? "kb-ok" : "kb-bad");
      result.appendChild(h("p", { className: "kb-strong", text: T.result(r.points, r.max_points, r.percent) }));
      result.appendChild(h("p", { text: r.passed ? T.passed(spec.settings.pass_percent) : T.failed(spec.settings.pass_percent) }));
    }

    function message(text) {
      clear(result);
      result.className = "kb-result";
      result.appendChild(h("p", { text: text }));
    }

    function submit() {
      var open = [];
      spec.items.forEach(function (item, i) {
        if (isScored(item) && !isAnswered(item, state.answers[item.id])) open.push(T.questionShort(i + 1));
      });
      if (open.length) {
        message(T.missing(open.join(", ")));
        result.className = "kb-result kb-bad";
        return;
      }
      scored.forEach(function (item) { state.checked[item.id] = true; });
      state.submitted = true;
      save();
      Object.keys(views).forEach(function (k) { views[k].update(); });
      refreshFooter(true);
      result.setAttribute("tabindex", "-1");
      result.focus();
    }

    /** After a failed result: only the items not fully right open again; the others keep their answers. */
    function retryWrong() {
      var reopened = [];
      spec.items.forEach(function (item, i) {
        if (!isScored(item) || scoreItem(item, state.answers[item.id]) >= item.points - 1e-9) return;
        delete state.checked[item.id];
        reopened.push({ item: item, label: T.questionShort(i + 1) });
      });
      state.submitted = false;
      save();
      Object.keys(views).forEach(function (k) { views[k].update(); });
      refreshFooter(false);
      message(T.reopened(reopened.map(function (x) { return x.label; }).join(", ")));
      if (reopened.length) views[reopened[0].item.id].focusFirst();
    }

    function askReset() {
      show(confirmBox, true);
      resetBtn.setAttribute("aria-expanded", "true");
      confirmYes.focus();
    }

    function cancelReset() {
      show(confirmBox, false);
      resetBtn.setAttribute("aria-expanded", "false");
      resetBtn.focus();
    }

    function reset() {
      state = cleanQuizState(spec, null); // a new attempt: a new seed, a new order
      store.clear();
      save();
      buildItems();
      show(confirmBox, false);
      resetBtn.setAttribute("aria-expanded", "false");
      refreshFooter(false);
      message(T.resetDone);
      var first = items.querySelector(".kb-body input, .kb-body select, .kb-body textarea, .kb-body button");
      if (first) first.focus();
    }

    buildItems();
    refreshFooter(false);
    if (!isObj(store.load()) || !isSeed(store.load().seed)) store.save(state, { quiet: true }); // keep the seed: the order survives a reload; no bookmark
    return {
      getState: function () { return state; },
      summary: function () { return scoreQuiz(spec, state.answers); },
      destroy: function () { clear(el); }
    };
  }

  /**
   * Helpers an item type's view and feedback use: the DOM builder, texts, number formatting and
   * one feedback line (✓/✗ mark, the part, what the learner did, why).
   */
  /** parts (objects with an id) in the order the learner sees them (ctx.order; as written without one). */
  function inOrder(parts, order) {
    if (!order) return parts.slice();
    var byId = {};
    parts.forEach(function (p) { byId[p.id] = p; });
    return order(parts.map(function (p) { return p.id; })).map(function (id) { return byId[id]; });
  }

  var ui = {
    inOrder: inOrder,
    h: h,
    clear: clear,
    plain: plain,
    fmt: fmt,
    isObj: isObj,
    text: T,
    doc: function () { return doc; },
    feedbackItem: feedbackItem,
    feedbackList: function () { return h("ul", { className: "kb-fb-list" }); }
  };

  /**
   * One item of a quiz: the frame every type shares (number, prompt, check, retry, feedback,
   * explanation). getState() is the quiz's current state (it is replaced on reset).
   */
  function itemView(spec, item, index, getState, save, refreshFooter) {
    var n = spec.items.length;
    var base = domId(item.id);
    var type = typeOf(item);
    var scoredItem = isScored(item);
    var order = partOrder(spec, getState(), item);
    var feedback = h("div", { className: "kb-feedback", id: base + "-fb" });
    var live = h("p", { className: "kb-sr-text kb-item-live", role: "status" }); // the verdict of this item's own check
    var checkBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-check", text: T.check, onclick: check });
    var retryBtn = h("button", { type: "button", className: "kb-btn kb-retry", text: T.retry, onclick: retry });
    var hint = h("p", { className: "kb-hint", role: "status" });
    var body = h("div", { className: "kb-body" });
    var number = T.question(index + 1, n) + (scoredItem ? " · " + T.points(item.points) : "");
    var wrap = h("section", { className: "kb-item kb-type-" + item.type, id: base, "data-kb-item": item.id });

    function answer() { return getState().answers[item.id]; }
    function setAnswer(a) {
      getState().answers[item.id] = a;
      hint.textContent = "";
      save();
      refreshFooter(false);
    }
    function checked() { return !!getState().checked[item.id]; }

    var view = type ? type.view({
      item: item,
      base: base,
      number: number,
      legend: function () {
        return h("legend", {}, h("span", { className: "kb-qnum", text: number }), " ", h("span", { className: "kb-prompt", html: item.prompt }));
      },
      answer: answer,
      setAnswer: setAnswer,
      checked: checked,
      order: order,
      ui: ui
    }) : { el: h("p", { className: "kb-warning", text: "Unbekannter Fragetyp: " + item.type }), update: function () {} };
    body.appendChild(view.el);

    wrap.appendChild(body);
    if (scoredItem) {
      wrap.appendChild(h("div", { className: "kb-actions" }, checkBtn, retryBtn));
      wrap.appendChild(hint);
      wrap.appendChild(live);
      wrap.appendChild(feedback);
    } else if (item.explanation) {
      wrap.appendChild(h("details", { className: "kb-impulse" }, h("summary", { text: T.impulse }), h("div", { html: item.explanation })));
    }

    function check() {
      if (!isAnswered(item, answer())) {
        var shown = view.shownAnswer ? view.shownAnswer() : undefined; // e.g. an order as shown is an answer too
        if (shown !== undefined && isAnswered(item, shown)) setAnswer(shown);
        else { hint.textContent = T.answerFirst; return; }
      }
      getState().checked[item.id] = true;
      save();
      update();
      refreshFooter(false);
      live.textContent = verdict();
      retryBtn.focus();
    }

    function focusFirst() {
      var first = body.querySelector("input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])");
      if (first) first.focus();
    }

    function retry() {
      delete getState().checked[item.id];
      save();
      update();
      live.textContent = "";
      focusFirst();
    }

    function verdict() {
      var got = scoreItem(item, answer());
      return (got === item.points ? T.correct : got > 0 ? T.partly : T.wrong) + " " + T.earned(got, item.points);
    }

    function update() {
      var done = checked();
      view.update(done && scoredItem);
      if (!scoredItem) return;
      show(checkBtn, !done);
      show(retryBtn, done && !getState().submitted);
      clear(feedback);
      wrap.classList.remove("kb-is-right", "kb-is-wrong", "kb-is-partly");
      if (!done) return;
      var got = scoreItem(item, answer());
      var word = got === item.points ? T.correct : got > 0 ? T.partly : T.wrong;
      wrap.classList.add(got === item.points ? "kb-is-right" : got > 0 ? "kb-is-partly" : "kb-is-wrong");
      feedback.appendChild(h("p", { className: "kb-verdict" }, h("strong", { text: word }), " " + T.earned(got, item.points)));
      feedback.appendChild(type.feedback(item, answer(), ui, order));
      feedback.appendChild(h("div", { className: "kb-explanation" }, h("p", { className: "kb-strong", text: T.explanation }), h("div", { html: item.explanation })));
    }

    return { el: wrap, update: update, focusFirst: focusFirst };
  }

  function plain(html) {
    var tmp = doc.createElement("div");
    tmp.innerHTML = html;
    return tmp.textContent;
  }

  function feedbackItem(ok, label, textHtml, feedbackHtml) {
    return h("li", { className: ok ? "kb-fb-right" : "kb-fb-wrong" },
      h("span", { className: "kb-mark", "aria-hidden": "true", text: ok ? "✓" : "✗" }),
      // Blocks, not spans: the feedback is rendered Markdown and holds paragraphs and lists.
      h("div", { className: "kb-fb-body" },
        h("div", { className: "kb-fb-label" }, h("span", { html: textHtml }), " – " + label),
        h("div", { className: "kb-fb-text", html: feedbackHtml })));
  }

  // --------------------------------------------------------------- scenario

  function nodeMap(spec) {
    var m = {};
    spec.nodes.forEach(function (n) { m[n.id] = n; });
    return m;
  }

  /**
   * The saved state of a case: {v, seed, path: [{node, choice}], pending}. The variables and the
   * node the learner is at are not saved: KursbuchCase.replay derives them from the path. A stored
   * state keeps the longest prefix of its path that still fits the content (older formats and
   * changed cases too); a state without a seed gets a new one.
   */
  function cleanScenarioState(spec, s) {
    var out = { v: STATE_VERSION, seed: isObj(s) && isSeed(s.seed) ? s.seed : Case.newSeed(), path: [], pending: null };
    if (!isObj(s) || !Array.isArray(s.path)) return out;
    var cs = Case.start(spec, out.seed);
    for (var i = 0; i < s.path.length; i++) {
      var step = s.path[i];
      if (!isObj(step) || step.node !== cs.at) break;
      try { cs = Case.choose(spec, cs, step.choice); } catch (e) { break; }
      out.path.push({ node: step.node, choice: step.choice });
    }
    var cur = nodeMap(spec)[cs.at];
    if (cur && !cur.ending && typeof s.pending === "string" &&
        Case.visibleChoices(spec, cs, cur).some(function (c) { return c.id === s.pending; })) out.pending = s.pending;
    return out;
  }

  /** The case state {at, vars, path, seed} of a saved state (which cleanScenarioState made valid). */
  function caseOf(spec, state) {
    return Case.replay(spec, state.path, state.seed) || Case.start(spec, state.seed);
  }

  function choiceRating(rating) {
    return h("span", { className: "kb-choice-rating kb-rating-" + rating }, T.choiceRatings[rating] || rating);
  }

  /**
   * An ending as the learner reached it: its rating, its text and debrief variants that hold, then
   * the learner's own decisions, each with its rating in words and its one-line consequence;
   * votesOf(i) adds the group's votes in the presentation. The same in the case and in the presentation.
   */
  function endingParts(spec, cs, votesOf) {
    var node = nodeMap(spec)[cs.at], d = Case.debrief(spec, cs);
    var ol = h("ol", { className: "kb-path" });
    d.decisions.forEach(function (step, i) {
      ol.appendChild(h("li", {},
        h("span", { className: "kb-strong", html: step.title }), h("br"),
        votesOf ? votesOf(i) : h("span", {}, T.yourDecision + ": ", h("span", { html: step.text })),
        step.rating ? h("span", { className: "kb-path-rating" }, h("br"), T.rating + ": ", choiceRating(step.rating)) : null,
        step.consequence ? h("span", { className: "kb-path-consequence" }, h("br"), T.consequenceShort + ": ", h("span", { html: step.consequence })) : null));
    });
    return [
      h("p", { className: "kb-rating kb-rating-" + d.rating }, h("strong", { text: T.rating + ": " }), T.ratings[d.rating]),
      h("div", { html: Case.nodeText(spec, cs, node) }),
      h("div", { className: "kb-debrief" }, h("p", { className: "kb-strong", text: T.debrief }), h("div", { html: d.debrief })),
      h("div", { className: "kb-summary" }, h("p", { className: "kb-strong", text: votesOf ? T.summaryTitle : T.pathTitle }), ol)
    ];
  }

  function scenarioSummary(spec, state) {
    var cs = caseOf(spec, state), node = nodeMap(spec)[cs.at];
    return {
      node: node.id,
      steps: state.path.length,
      ended: !!node.ending,
      ending: node.ending ? node.id : null,
      rating: node.ending ? node.ending.rating : null,
      variables: cs.vars
    };
  }

  function mountScenario(el, spec, store, hooks) {
    var nodes = nodeMap(spec);
    var state = cleanScenarioState(spec, store.load());
    var base = domId(spec.id);

    function save() {
      store.save(state);
      if (hooks.onChange) hooks.onChange(state, scenarioSummary(spec, state));
    }

    var title = h("h4", { className: "kb-node-title", tabindex: "-1", id: base + "-title" });
    var text = h("div", { className: "kb-node-text" });
    var form = h("div", { className: "kb-node-form" });
    var hint = h("p", { className: "kb-hint", role: "status" });
    var feedback = h("div", { className: "kb-feedback", role: "status" });
    var decideBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-decide", text: T.decide, onclick: decide });
    var nextBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-next", text: T.next, onclick: advance });
    var backBtn = h("button", { type: "button", className: "kb-btn kb-back", text: T.back, onclick: back });
    var restartBtn = h("button", { type: "button", className: "kb-btn kb-restart", text: T.restart, onclick: restart });
    var live = h("p", { className: "kb-sr", role: "status" });
    var radios = [];

    clear(el);
    el.appendChild(h("div", { className: "kb-scenario-head" },
      spec.badge ? h("p", { className: "kb-badge", html: spec.badge }) : null, // the course's label, e.g. "Fiktiver Fall"
      h("h3", { className: "kb-title", html: spec.title }),
      spec.content_note ? h("div", { className: "kb-content-note", role: "note" },
        h("p", { className: "kb-strong", text: T.contentNote }), h("div", { html: spec.content_note })) : null,
      h("div", { className: "kb-intro", html: spec.intro }),
      store.persistent === false ? h("p", { className: "kb-warning", text: T.storageOff }) : null));
    el.appendChild(h("div", { className: "kb-stage", "aria-labelledby": base + "-title", role: "group" },
      title, text, form, h("div", { className: "kb-actions" }, decideBtn, nextBtn), hint, feedback));
    var presentBtn = h("button", { type: "button", className: "kb-btn kb-present-open", text: T.present, onclick: function () { present(spec, presentBtn); } });
    el.appendChild(h("div", { className: "kb-actions kb-nav" }, backBtn, restartBtn, presentBtn));
    el.appendChild(live);

    function render() {
      var cs = caseOf(spec, state), node = nodes[cs.at];
      clear(text); clear(form); clear(feedback); hint.textContent = "";
      radios = [];
      var stepNo = state.path.length + 1;
      title.innerHTML = "";
      if (node.ending) {
        title.appendChild(doc.createTextNode(T.ending + ": "));
        title.appendChild(h("span", { html: node.title }));
        endingParts(spec, cs, null).forEach(function (part) { text.appendChild(part); });
        show(decideBtn, false); show(nextBtn, false);
      } else {
        title.appendChild(doc.createTextNode(T.step(stepNo) + ": "));
        title.appendChild(h("span", { html: node.title }));
        text.innerHTML = Case.nodeText(spec, cs, node);
        var fs = h("fieldset", { className: "kb-choices" }, h("legend", { html: node.prompt }));
        Case.visibleChoices(spec, cs, node).forEach(function (c) {
          var id = base + "-" + node.id + "-" + c.id;
          var input = h("input", { type: "radio", name: base + "-" + node.id, id: id, value: c.id });
          input.checked = state.pending === c.id;
          input.disabled = state.pending !== null;
          radios.push(input);
          fs.appendChild(h("div", { className: "kb-option", "data-kb-choice": c.id }, input, h("label", { "for": id, html: c.text })));
        });
        form.appendChild(fs);
        show(decideBtn, state.pending === null);
        show(nextBtn, state.pending !== null);
        if (state.pending !== null) showConsequence(node);
      }
      backBtn.disabled = state.path.length === 0 && state.pending === null;
    }

    function showConsequence(node) {
      var c = node.choices.filter(function (x) { return x.id === state.pending; })[0];
      clear(feedback);
      feedback.appendChild(h("p", { className: "kb-strong", text: T.consequence }));
      feedback.appendChild(h("div", { html: c.feedback }));
    }

    function decide() {
      var picked = radios.filter(function (r) { return r.checked; })[0];
      if (!picked) { hint.textContent = T.chooseFirst; return; }
      state.pending = picked.value;
      save();
      var node = nodes[caseOf(spec, state).at];
      radios.forEach(function (r) { r.disabled = true; });
      hint.textContent = "";
      showConsequence(node);
      show(decideBtn, false); show(nextBtn, true);
      backBtn.disabled = false;
      nextBtn.focus();
    }

    function advance() {
      if (state.pending === null) return;
      state.path.push({ node: caseOf(spec, state).at, choice: state.pending });
      state.pending = null;
      save();
      render();
      title.focus();
    }

    function back() {
      if (state.pending !== null) state.pending = null;
      else if (state.path.length) state.path.pop();
      save();
      render();
      title.focus();
    }

    function restart() {
      state = cleanScenarioState(spec, null); // a new attempt: a new seed
      store.clear();
      save();
      render();
      live.textContent = T.restarted;
      title.focus();
    }

    render();
    if (!isObj(store.load()) || !isSeed(store.load().seed)) store.save(state, { quiet: true }); // keep the seed: the order survives a reload; no bookmark
    return {
      getState: function () { return state; },
      summary: function () { return scenarioSummary(spec, state); },
      destroy: function () { clear(el); }
    };
  }

  // ---------------------------------------------------------- presentation

  var FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

  /**
   * Projector view of a scenario for a trainer and a group: one step at a time in large type,
   * keyboard control, the group's votes entered per choice, the branch follows the majority or
   * the trainer's pick (through the case logic: effects, conditions, routes), and at the end the
   * group's decisions with ratings, consequences and votes. Kept apart from the learner's own state.
   * A modal dialog: the page behind is inert, Tab cycles inside, Esc closes (with or without
   * fullscreen), and the keys work wherever a click leaves the focus. The choices appear in an order
   * of their own per presentation, numbered as the room sees them.
   *
   * remote (optional): a live session (kursbuch/live/static/presenter.js) that holds the state on
   * a server: {seed, panel: element shown above the stage, send(action), attach(handlers), onClose(),
   * embedded: in a frame, where it takes the focus only while its document has it}.
   * Then every step, pick and majority is an action sent to the server, which answers with the new
   * state (handlers.state), the live counts (handlers.counts) and notices (handlers.notice: "tie",
   * "novotes"); the hand counts stay as a fallback and are added to the live votes.
   */
  function present(spec, opener, remote) {
    var nodes = nodeMap(spec);
    var st = { cs: null, path: [], votes: {}, chosen: null, how: null, intro: true, shown: [], counts: {}, open: false, round: -1 };
    var seed = remote ? remote.seed : Case.newSeed();
    var expect = null; // in a live session: what the presenter's last action awaits ("step" or "decide")
    var live = h("p", { className: "kb-sr", role: "status" });
    var stage = h("div", { className: "kb-present-stage" });
    var titleId = domId(spec.id) + "-present-title";
    var closeBtn = h("button", { type: "button", className: "kb-btn kb-present-close", text: T.presentClose, onclick: close });
    // tabindex -1: a click on the slide focuses the dialog itself, never <body>.
    var dialog = h("div", { className: "kb-root kb-present", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, lang: "de", tabindex: "-1" },
      h("div", { className: "kb-present-bar" },
        h("p", { className: "kb-present-help", text: T.presentHelp }), closeBtn),
      remote ? remote.panel : null,
      stage, live);
    var madeInert = [];
    Array.prototype.forEach.call(doc.body.children, function (child) {
      if (child.hasAttribute("inert")) return;
      child.setAttribute("inert", "");
      madeInert.push(child);
    });
    doc.body.appendChild(dialog);
    if (dialog.requestFullscreen) { try { dialog.requestFullscreen().catch(function () {}); } catch (e) { /* not allowed here */ } }
    doc.addEventListener("keydown", onKey, true);
    doc.addEventListener("focusin", keepFocus, true);

    function heading(html) {
      var hd = h("h2", { className: "kb-present-title", id: titleId, tabindex: "-1" });
      hd.innerHTML = html;
      return hd;
    }

    function labelOf(id) { return st.shown.indexOf(id) + 1; }

    function render() {
      clear(stage);
      if (remote && st.round < 0) { stage.appendChild(h("p", { className: "kb-present-help", text: T.liveWait })); return; }
      if (st.intro) {
        if (spec.badge) stage.appendChild(h("p", { className: "kb-badge", html: spec.badge }));
        stage.appendChild(heading(spec.title));
        if (spec.content_note) stage.appendChild(h("div", { className: "kb-content-note", role: "note" },
          h("p", { className: "kb-strong", text: T.contentNote }), h("div", { html: spec.content_note })));
        stage.appendChild(h("div", { html: spec.intro }));
        stage.appendChild(h("div", { className: "kb-actions" }, h("button", { type: "button", className: "kb-btn kb-primary kb-present-next", text: T.presentStart, onclick: advance })));
        return;
      }
      var node = nodes[st.cs.at];
      if (node.ending) {
        stage.appendChild(heading(escapeText(T.ending + ": ") + node.title));
        endingParts(spec, st.cs, function (i) {
          var step = st.path[i], n = nodes[step.node];
          var c = n.choices.filter(function (x) { return x.id === step.choice; })[0];
          var counts = step.shown.map(function (id, k) { return T.option(k + 1) + ": " + (step.votes[id] || 0); }).join(", ");
          return h("span", {}, T.groupChose(plain(c.text), step.how === "pick" ? T.byPick : T.byMajority), h("br"), T.voteList(counts));
        }).forEach(function (part) { stage.appendChild(part); });
        var ol = stage.querySelector(".kb-path");
        if (ol) ol.classList.add("kb-present-summary");
        return;
      }
      stage.appendChild(heading(escapeText(T.step(st.path.length + 1) + ": ") + node.title));
      stage.appendChild(h("div", { className: "kb-present-text", html: Case.nodeText(spec, st.cs, node) }));
      var fs = h("fieldset", { className: "kb-present-choices" }, h("legend", { html: node.prompt }));
      var visible = Case.visibleChoices(spec, st.cs, node);
      st.shown = visible.map(function (c) { return c.id; });
      visible.forEach(function (c, i) {
        var id = domId(spec.id) + "-present-" + node.id + "-" + c.id;
        var words = plain(c.text);
        var input = h("input", { type: "number", min: "0", step: "1", inputmode: "numeric", id: id, value: String(st.votes[c.id] || 0),
          oninput: function () { st.votes[c.id] = Math.max(0, parseInt(input.value, 10) || 0); } });
        input.disabled = st.chosen !== null;
        var row = h("div", { className: "kb-present-choice" + (st.chosen === c.id ? " kb-chosen" : ""), "data-kb-choice": c.id },
          h("span", { className: "kb-present-num", "aria-hidden": "true", text: String(i + 1) }),
          h("span", { className: "kb-present-choice-text" }, h("span", { className: "kb-sr-text", text: T.option(i + 1) + ": " }), h("span", { html: c.text })),
          // Named for their choice: "Stimmen für Möglichkeit 2: …", "Möglichkeit 2 nehmen: …".
          remote ? h("span", { className: "kb-present-live" }, T.liveShort + ": ",
            h("output", { className: "kb-present-count", "data-kb-live": c.id, "aria-label": T.liveFor(i + 1, words), text: String(st.counts[c.id] || 0) })) : null,
          h("span", { className: "kb-present-vote" }, h("label", { "for": id }, remote ? T.handShort : T.votesShort,
            h("span", { className: "kb-sr-text", text: " " + (remote ? T.handFor : T.votesFor)(i + 1, words) })), input),
          // The name begins with the visible words (WCAG 2.5.3) and goes on with the choice's text.
          st.chosen === null ? h("button", { type: "button", className: "kb-btn kb-small kb-present-pick", "aria-label": T.pickNumber(i + 1) + ": " + words,
            text: T.pickNumber(i + 1), onclick: function () { choose(c.id, "pick"); } }) : null);
        fs.appendChild(row);
      });
      stage.appendChild(fs);
      if (st.chosen === null) {
        if (remote) stage.appendChild(h("p", { className: "kb-present-livestatus" }, liveStatus()));
        stage.appendChild(h("div", { className: "kb-actions" },
          h("button", { type: "button", className: "kb-btn kb-primary kb-present-majority", text: T.followMajority, onclick: majority }),
          remote && st.open ? h("button", { type: "button", className: "kb-btn kb-present-closevote", text: T.liveClose, onclick: function () { send({ type: "close" }, null); } }) : null,
          remote && !st.open ? h("button", { type: "button", className: "kb-btn kb-present-reopen", text: T.liveReopen, onclick: function () { send({ type: "reopen" }, null); } }) : null));
      } else {
        var c = node.choices.filter(function (x) { return x.id === st.chosen; })[0];
        stage.appendChild(h("div", { className: "kb-feedback kb-present-feedback" },
          h("p", { className: "kb-strong", text: T.groupChose(plain(c.text), st.how === "pick" ? T.byPick : T.byMajority) }),
          h("div", { html: c.feedback })));
        stage.appendChild(h("div", { className: "kb-actions" }, h("button", { type: "button", className: "kb-btn kb-primary kb-present-next", text: T.next, onclick: advance })));
      }
    }

    function focusTitle() {
      // In a frame (a notebook's output) the view takes the focus only once the user is in it.
      if (remote && remote.embedded && !doc.hasFocus()) return;
      var t = stage.querySelector(".kb-present-title");
      if (t) t.focus();
    }

    function liveStatus() {
      var n = 0;
      st.shown.forEach(function (id) { n += st.counts[id] || 0; });
      return (st.open ? T.liveOpen : T.liveClosed)(n);
    }

    function handCounts() {
      var out = {};
      st.shown.forEach(function (id) { if (st.votes[id] > 0) out[id] = st.votes[id]; });
      return out;
    }

    function send(action, awaits) {
      expect = awaits;
      remote.send(action);
    }

    /** A state from the live server: the same fields as st, the case state replayed from the path. */
    function fromServer(s) {
      var same = st.round === s.round && st.intro === s.intro && st.chosen === s.chosen && st.open === s.open && st.path.length === s.path.length;
      if (st.round !== s.round) st.votes = {}; // hand counts belong to one vote
      st.intro = s.intro; st.path = s.path; st.chosen = s.chosen; st.how = s.how; st.open = s.open; st.round = s.round;
      st.counts = s.counts || {};
      st.cs = s.intro ? null : Case.replay(spec, s.path.map(function (p) { return { node: p.node, choice: p.choice }; }), seed) || Case.start(spec, seed);
      if (same) { showCounts(); return; }
      var was = expect;
      expect = null;
      render();
      if (was === "decide" && st.chosen !== null) {
        var fb = stage.querySelector(".kb-present-feedback");
        live.textContent = fb ? fb.textContent : "";
        var next = stage.querySelector(".kb-present-next");
        if (next) next.focus();
      } else if (was !== null || !dialog.contains(doc.activeElement) || doc.activeElement === dialog) focusTitle();
    }

    function showCounts() {
      Array.prototype.forEach.call(stage.querySelectorAll("[data-kb-live]"), function (o) {
        o.textContent = String(st.counts[o.getAttribute("data-kb-live")] || 0);
      });
      var line = stage.querySelector(".kb-present-livestatus");
      if (line) line.textContent = liveStatus();
    }

    function majority() {
      if (remote) { send({ type: "majority", hand: handCounts() }, "decide"); return; }
      var best = -1, winners = [];
      st.shown.forEach(function (id) {
        var v = st.votes[id] || 0;
        if (v > best) { best = v; winners = [id]; } else if (v === best) winners.push(id);
      });
      if (best <= 0) { live.textContent = T.noVotes; return; }
      if (winners.length > 1) { live.textContent = T.tie; return; }
      choose(winners[0], "majority");
    }

    function choose(choiceId, how) {
      if (remote) { send({ type: "pick", choice: choiceId, hand: handCounts() }, "decide"); return; }
      st.chosen = choiceId;
      st.how = how;
      render();
      var fb = stage.querySelector(".kb-present-feedback");
      live.textContent = fb ? fb.textContent : "";
      var next = stage.querySelector(".kb-present-next");
      if (next) next.focus();
    }

    function advance() {
      if (remote) {
        if (st.round < 0 || !st.intro && nodes[st.cs.at].ending) return;
        if (!st.intro && st.chosen === null) { majority(); return; }
        send({ type: st.intro ? "start" : "next" }, "step");
        return;
      }
      if (st.intro) { st.intro = false; st.cs = Case.start(spec, seed); }
      else {
        if (nodes[st.cs.at].ending) return;
        if (st.chosen === null) { majority(); return; }
        st.path.push({ node: st.cs.at, choice: st.chosen, how: st.how, votes: st.votes, shown: st.shown });
        st.cs = Case.choose(spec, st.cs, st.chosen);
        st.votes = {}; st.chosen = null; st.how = null;
      }
      render();
      focusTitle();
    }

    function back() {
      if (st.intro) return;
      if (remote) { send({ type: "back" }, "step"); return; }
      if (st.chosen !== null) { st.chosen = null; st.how = null; }
      else if (st.path.length) {
        var last = st.path.pop();
        st.cs = Case.back(spec, st.cs);
        st.votes = last.votes; st.chosen = null; st.how = null;
      } else { st.intro = true; }
      render();
      focusTitle();
    }

    /** Tab and Shift+Tab go round inside the dialog. */
    function cycle(ev) {
      var all = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (x) { return x.offsetParent !== null || x === doc.activeElement; });
      if (!all.length) return;
      var first = all[0], last = all[all.length - 1], at = doc.activeElement;
      var inside = dialog.contains(at) && all.indexOf(at) >= 0;
      if (ev.shiftKey && (!inside || at === first)) { ev.preventDefault(); last.focus(); }
      else if (!ev.shiftKey && (!inside || at === last)) { ev.preventDefault(); first.focus(); }
    }

    function keepFocus(ev) {
      if (!dialog.contains(ev.target)) dialog.focus();
    }

    function onKey(ev) {
      if (ev.key === "Tab") { cycle(ev); return; }
      var target = ev.target && dialog.contains(ev.target) ? ev.target : dialog;
      var inField = target.tagName === "INPUT";
      if (ev.key === "Escape") { ev.preventDefault(); close(); return; }
      if (inField) return; // digits and arrows belong to the vote field
      if (ev.key === " " || ev.key === "ArrowRight" || ev.key === "PageDown") {
        if (target.tagName === "BUTTON" && ev.key === " ") return; // Space presses the focused button
        ev.preventDefault(); advance();
      } else if (ev.key === "ArrowLeft" || ev.key === "PageUp") {
        ev.preventDefault(); back();
      } else if (/^[1-9]$/.test(ev.key) && !st.intro && st.chosen === null && !nodes[st.cs.at].ending) {
        var id = st.shown[parseInt(ev.key, 10) - 1]; // the number the room sees
        if (id) { ev.preventDefault(); choose(id, "pick"); }
      }
    }

    function close() {
      doc.removeEventListener("keydown", onKey, true);
      doc.removeEventListener("focusin", keepFocus, true);
      if (doc.fullscreenElement && doc.exitFullscreen) { try { doc.exitFullscreen().catch(function () {}); } catch (e) { /* ignore */ } }
      if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
      madeInert.forEach(function (child) { child.removeAttribute("inert"); });
      if (opener) opener.focus();
      if (remote && remote.onClose) remote.onClose();
    }

    if (remote) remote.attach({
      state: fromServer,
      counts: function (c) { if (c.round === st.round) { st.counts = c.counts; showCounts(); } },
      notice: function (n) { expect = null; live.textContent = n === "tie" ? T.tie : T.noVotes; }
    });
    render();
    focusTitle();
    return { close: close, state: st, labelOf: labelOf };
  }

  function escapeText(text) {
    var tmp = doc.createElement("div");
    tmp.textContent = text;
    return tmp.innerHTML;
  }

  // ------------------------------------------------------------------ mount

  function mount(el, spec, store, hooks) {
    store = store || memoryStore();
    hooks = hooks || {};
    el.classList.add("kb-root");
    el.setAttribute("lang", "de");
    el.setAttribute("data-kb-root", spec.id);
    return spec.kind === "quiz" ? mountQuiz(el, spec, store, hooks) : mountScenario(el, spec, store, hooks);
  }

  var mounted = {};

  function autoMount(scope) {
    var hosts = (scope || doc).querySelectorAll(".kb-activity");
    Array.prototype.forEach.call(hosts, function (host) {
      if (host.getAttribute("data-kb-mounted")) return;
      var script = host.querySelector("script.kb-spec");
      if (!script) return;
      var spec = JSON.parse(script.textContent);
      var target = h("div", { className: "kb-mount" });
      host.appendChild(target);
      host.setAttribute("data-kb-mounted", "1");
      var make = root.KursbuchStoreFactory || localStore;
      mounted[spec.id] = mount(target, spec, make(spec.id, spec), root.KursbuchHooks || {});
    });
    // For the benchmark: when every activity on the page can be used.
    if (hosts.length && root.performance && root.performance.mark) root.performance.mark("kursbuch-interactive");
    return mounted;
  }

  /** Mount every activity of the page once it is parsed; the bundle calls this after the item types registered. */
  function start() {
    if (!doc || root.KURSBUCH_NO_AUTOMOUNT) return;
    // Mount as soon as the page is parsed ("interactive"), not after every deferred theme script.
    if (doc.readyState === "loading") {
      doc.addEventListener("readystatechange", function once() {
        if (doc.readyState === "loading") return;
        doc.removeEventListener("readystatechange", once);
        autoMount();
      });
    } else autoMount();
  }

  root.KursbuchEngine = {
    version: STATE_VERSION,
    text: T,
    ui: ui,
    registerItem: registerItem,
    itemTypes: itemTypes,
    scoreItem: scoreItem,
    scoreQuiz: scoreQuiz,
    moduleResult: moduleResult,
    isScored: isScored,
    interaction: interaction,
    isAnswered: isAnswered,
    cleanQuizState: cleanQuizState,
    cleanScenarioState: cleanScenarioState,
    scenarioSummary: scenarioSummary,
    present: present,
    memoryStore: memoryStore,
    localStore: localStore,
    mount: mount,
    autoMount: autoMount,
    mounted: mounted,
    start: start
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
