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
 *   by kursbuch/core/render.py) into el. store = {load(), save(state), clear()}
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
    resetDone: "Ihre Antworten wurden gelöscht. Sie können neu beginnen.",
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
    debrief: "Auswertung",
    pathTitle: "Ihr Weg durch den Fall",
    yourDecision: "Ihre Entscheidung",
    restarted: "Der Fall beginnt von vorn.",
    present: "Im Präsentationsmodus zeigen",
    presentTitle: function (t) { return "Präsentation: " + t; },
    presentHelp: "Leertaste oder Pfeil rechts: weiter · Pfeil links: zurück · Ziffern 1–9: Möglichkeit wählen · Esc: beenden",
    presentClose: "Präsentation beenden",
    presentStart: "Fall beginnen",
    votes: function (label) { return "Stimmen für: " + label; },
    votesShort: "Stimmen",
    followMajority: "Der Mehrheit folgen",
    pickThis: "Diese Möglichkeit nehmen",
    tie: "Gleichstand: Bitte wählen Sie eine Möglichkeit mit einer Ziffer oder der Schaltfläche.",
    noVotes: "Noch keine Stimmen: Tragen Sie die Stimmen ein oder wählen Sie eine Möglichkeit.",
    groupChose: function (label, how) { return "Die Gruppe hat entschieden: " + label + " (" + how + ")."; },
    byMajority: "Mehrheit",
    byPick: "Wahl der Moderation",
    voteList: function (list) { return "Stimmen: " + list; },
    summaryTitle: "Zusammenfassung: Weg der Gruppe und Stimmen",
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

  function cleanQuizState(spec, s) {
    var out = { v: STATE_VERSION, answers: {}, checked: {}, submitted: false };
    if (!isObj(s)) return out;
    var ids = {};
    spec.items.forEach(function (i) { ids[i.id] = i; });
    if (isObj(s.answers)) Object.keys(s.answers).forEach(function (k) { if (ids[k]) out.answers[k] = s.answers[k]; });
    if (isObj(s.checked)) Object.keys(s.checked).forEach(function (k) {
      if (ids[k] && s.checked[k] && isAnswered(ids[k], out.answers[k])) out.checked[k] = true;
    });
    out.submitted = !!s.submitted && spec.items.every(function (i) { return !isScored(i) || out.checked[i.id]; });
    return out;
  }

  function mountQuiz(el, spec, store, hooks) {
    var state = cleanQuizState(spec, store.load());
    var scored = spec.items.filter(isScored);
    var views = {};

    function save() {
      store.save(state);
      if (hooks.onChange) hooks.onChange(state, scoreQuiz(spec, state.answers));
    }

    var result = h("div", { className: "kb-result", role: "status" });
    var progress = h("p", { className: "kb-progress" });
    var submitBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-submit", text: T.submit, onclick: submit });
    var resetBtn = h("button", { type: "button", className: "kb-btn kb-reset", text: T.resetQuiz, onclick: reset });

    clear(el);
    el.appendChild(h("div", { className: "kb-quiz-head" },
      h("p", { className: "kb-title", html: spec.title }),
      spec.intro ? h("div", { className: "kb-intro", html: spec.intro }) : null,
      scored.length ? h("p", { className: "kb-meta", text: T.passInfo(scored.length, spec.settings.pass_percent) }) : null,
      store.persistent === false ? h("p", { className: "kb-warning", text: T.storageOff }) : null));
    spec.items.forEach(function (item, i) {
      var v = itemView(spec, item, i, state, save, refreshFooter);
      views[item.id] = v;
      el.appendChild(v.el);
      v.update();
    });
    if (scored.length) el.appendChild(h("div", { className: "kb-quiz-foot" }, progress, h("div", { className: "kb-actions" }, submitBtn, resetBtn), result));
    else el.appendChild(h("div", { className: "kb-quiz-foot" }, h("div", { className: "kb-actions" }, resetBtn)));

    function refreshFooter(announce) {
      var done = scored.filter(function (i) { return isAnswered(i, state.answers[i.id]); }).length;
      progress.textContent = T.progress(done, scored.length);
      if (state.submitted) {
        var r = scoreQuiz(spec, state.answers);
        setResult(r, announce);
        submitBtn.hidden = true;
      } else {
        submitBtn.hidden = false;
        if (!announce) clear(result);
      }
    }

    function setResult(r) {
      clear(result);
      result.className = "kb-result " + (r.passed ? "kb-ok" : "kb-bad");
      result.appendChild(h("p", { className: "kb-strong", text: T.result(r.points, r.max_points, r.percent) }));
      result.appendChild(h("p", { text: r.passed ? T.passed(spec.settings.pass_percent) : T.failed(spec.settings.pass_percent) }));
    }

    function submit() {
      var open = [];
      spec.items.forEach(function (item, i) {
        if (isScored(item) && !isAnswered(item, state.answers[item.id])) open.push(T.questionShort(i + 1));
      });
      if (open.length) {
        clear(result);
        result.className = "kb-result kb-bad";
        result.appendChild(h("p", { text: T.missing(open.join(", ")) }));
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

    function reset() {
      state = cleanQuizState(spec, null);
      store.clear();
      save();
      Object.keys(views).forEach(function (k) { views[k].reset(state); });
      refreshFooter(false);
      clear(result);
      result.className = "kb-result";
      result.appendChild(h("p", { text: T.resetDone }));
      var first = el.querySelector(".kb-body input, .kb-body select, .kb-body textarea, .kb-body button");
      if (first) first.focus();
    }

    refreshFooter(false);
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
  var ui = {
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

  /** One item of a quiz: the frame every type shares (number, prompt, check, retry, feedback, explanation). */
  function itemView(spec, item, index, stateRef, save, refreshFooter) {
    var state = stateRef;
    var n = spec.items.length;
    var base = domId(item.id);
    var type = typeOf(item);
    var scoredItem = isScored(item);
    var feedback = h("div", { className: "kb-feedback", role: "status", id: base + "-fb" });
    var checkBtn = h("button", { type: "button", className: "kb-btn kb-primary kb-check", text: T.check, onclick: check });
    var retryBtn = h("button", { type: "button", className: "kb-btn kb-retry", text: T.retry, onclick: retry });
    var hint = h("p", { className: "kb-hint", role: "status" });
    var body = h("div", { className: "kb-body" });
    var number = T.question(index + 1, n) + (scoredItem ? " · " + T.points(item.points) : "");
    var wrap = h("section", { className: "kb-item kb-type-" + item.type, id: base, "data-kb-item": item.id });

    function answer() { return state.answers[item.id]; }
    function setAnswer(a) {
      state.answers[item.id] = a;
      hint.textContent = "";
      save();
      refreshFooter(false);
    }
    function checked() { return !!state.checked[item.id]; }

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
      ui: ui
    }) : { el: h("p", { className: "kb-warning", text: "Unbekannter Fragetyp: " + item.type }), update: function () {} };
    body.appendChild(view.el);

    wrap.appendChild(body);
    if (scoredItem) {
      wrap.appendChild(h("div", { className: "kb-actions" }, checkBtn, retryBtn));
      wrap.appendChild(hint);
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
      state.checked[item.id] = true;
      save();
      update();
      refreshFooter(false);
      retryBtn.focus();
    }

    function retry() {
      delete state.checked[item.id];
      save();
      update();
      var first = body.querySelector("input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])");
      if (first) first.focus();
    }

    function update() {
      var done = checked();
      view.update(done && scoredItem);
      if (!scoredItem) return;
      show(checkBtn, !done);
      show(retryBtn, done && !state.submitted);
      clear(feedback);
      wrap.classList.remove("kb-is-right", "kb-is-wrong", "kb-is-partly");
      if (!done) return;
      var got = scoreItem(item, answer());
      var verdict = got === item.points ? T.correct : got > 0 ? T.partly : T.wrong;
      wrap.classList.add(got === item.points ? "kb-is-right" : got > 0 ? "kb-is-partly" : "kb-is-wrong");
      feedback.appendChild(h("p", { className: "kb-verdict" }, h("strong", { text: verdict }), " " + T.earned(got, item.points)));
      feedback.appendChild(type.feedback(item, answer(), ui));
      feedback.appendChild(h("div", { className: "kb-explanation" }, h("p", { className: "kb-strong", text: T.explanation }), h("div", { html: item.explanation })));
    }

    return {
      el: wrap,
      update: update,
      reset: function (s) { state = s; hint.textContent = ""; update(); }
    };
  }

  function plain(html) {
    var tmp = doc.createElement("div");
    tmp.innerHTML = html;
    return tmp.textContent;
  }

  function feedbackItem(ok, label, textHtml, feedbackHtml) {
    return h("li", { className: ok ? "kb-fb-right" : "kb-fb-wrong" },
      h("span", { className: "kb-mark", "aria-hidden": "true", text: ok ? "✓" : "✗" }),
      h("span", { className: "kb-fb-body" },
        h("span", { className: "kb-fb-label" }, h("span", { html: textHtml }), " – " + label),
        h("span", { className: "kb-fb-text", html: feedbackHtml })));
  }

  // --------------------------------------------------------------- scenario

  function nodeMap(spec) {
    var m = {};
    spec.nodes.forEach(function (n) { m[n.id] = n; });
    return m;
  }

  /** Keep the longest prefix of a stored path that is still valid for this spec. */
  function cleanScenarioState(spec, s) {
    var nodes = nodeMap(spec);
    var out = { v: STATE_VERSION, path: [], pending: null };
    if (!isObj(s) || !Array.isArray(s.path)) return out;
    var at = spec.start;
    for (var i = 0; i < s.path.length; i++) {
      var step = s.path[i], node = nodes[at];
      var choice = node && isObj(step) && step.node === at && node.choices.filter(function (c) { return c.id === step.choice; })[0];
      if (!choice) return out;
      out.path.push({ node: at, choice: choice.id });
      at = choice.next;
    }
    var cur = nodes[at];
    if (cur && typeof s.pending === "string" && cur.choices.some(function (c) { return c.id === s.pending; })) out.pending = s.pending;
    return out;
  }

  /** Rating, situation and debrief of an ending node: the same in the case and in the presentation. */
  function endingParts(node) {
    return [
      h("p", { className: "kb-rating kb-rating-" + node.ending.rating }, h("strong", { text: T.rating + ": " }), T.ratings[node.ending.rating]),
      h("div", { html: node.text }),
      h("div", { className: "kb-debrief" }, h("p", { className: "kb-strong", text: T.debrief }), h("div", { html: node.ending.debrief }))
    ];
  }

  function currentNodeId(spec, state) {
    var nodes = nodeMap(spec), at = spec.start;
    state.path.forEach(function (step) {
      var c = nodes[step.node].choices.filter(function (x) { return x.id === step.choice; })[0];
      at = c.next;
    });
    return at;
  }

  function scenarioSummary(spec, state) {
    var node = nodeMap(spec)[currentNodeId(spec, state)];
    return {
      node: node.id,
      steps: state.path.length,
      ended: !!node.ending,
      ending: node.ending ? node.id : null,
      rating: node.ending ? node.ending.rating : null
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
      h("p", { className: "kb-title", html: spec.title }),
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
      var node = nodes[currentNodeId(spec, state)];
      clear(text); clear(form); clear(feedback); hint.textContent = "";
      radios = [];
      var stepNo = state.path.length + 1;
      if (node.ending) {
        title.innerHTML = "";
        title.appendChild(doc.createTextNode(T.ending + ": "));
        title.appendChild(h("span", { html: node.title }));
        endingParts(node).forEach(function (part) { text.appendChild(part); });
        var ol = h("ol", { className: "kb-path" });
        state.path.forEach(function (step) {
          var n = nodes[step.node], c = n.choices.filter(function (x) { return x.id === step.choice; })[0];
          ol.appendChild(h("li", {}, h("span", { className: "kb-strong", html: n.title }), h("br"), T.yourDecision + ": ", h("span", { html: c.text })));
        });
        text.appendChild(h("div", { className: "kb-summary" }, h("p", { className: "kb-strong", text: T.pathTitle }), ol));
        show(decideBtn, false); show(nextBtn, false);
      } else {
        title.innerHTML = "";
        title.appendChild(doc.createTextNode(T.step(stepNo) + ": "));
        title.appendChild(h("span", { html: node.title }));
        text.innerHTML = node.text;
        var fs = h("fieldset", { className: "kb-choices" }, h("legend", { html: node.prompt }));
        node.choices.forEach(function (c) {
          var id = base + "-" + node.id + "-" + c.id;
          var input = h("input", { type: "radio", name: base + "-" + node.id, id: id, value: c.id });
          input.checked = state.pending === c.id;
          input.disabled = state.pending !== null;
          radios.push(input);
          fs.appendChild(h("div", { className: "kb-option" }, input, h("label", { "for": id, html: c.text })));
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
      var node = nodes[currentNodeId(spec, state)];
      radios.forEach(function (r) { r.disabled = true; });
      hint.textContent = "";
      showConsequence(node);
      show(decideBtn, false); show(nextBtn, true);
      backBtn.disabled = false;
      nextBtn.focus();
    }

    function advance() {
      if (state.pending === null) return;
      state.path.push({ node: currentNodeId(spec, state), choice: state.pending });
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
      state = cleanScenarioState(spec, null);
      store.clear();
      save();
      render();
      live.textContent = T.restarted;
      title.focus();
    }

    render();
    return {
      getState: function () { return state; },
      summary: function () { return scenarioSummary(spec, state); },
      destroy: function () { clear(el); }
    };
  }

  // ---------------------------------------------------------- presentation

  /**
   * Projector view of a scenario for a trainer and a group: one step at a time in large type,
   * keyboard control, the group's votes entered per choice, the branch follows the majority or
   * the trainer's pick, and a summary of the path and the votes at the end. Kept apart from the
   * learner's own state.
   */
  function present(spec, opener) {
    var nodes = nodeMap(spec);
    var st = { at: null, path: [], votes: {}, chosen: null, how: null, intro: true };
    var live = h("p", { className: "kb-sr", role: "status" });
    var stage = h("div", { className: "kb-present-stage" });
    var titleId = domId(spec.id) + "-present-title";
    var closeBtn = h("button", { type: "button", className: "kb-btn kb-present-close", text: T.presentClose, onclick: close });
    var dialog = h("div", { className: "kb-root kb-present", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, lang: "de" },
      h("div", { className: "kb-present-bar" },
        h("p", { className: "kb-present-help", text: T.presentHelp }), closeBtn),
      stage, live);
    doc.body.appendChild(dialog);
    if (dialog.requestFullscreen) { try { dialog.requestFullscreen().catch(function () {}); } catch (e) { /* not allowed here */ } }
    dialog.addEventListener("keydown", onKey);

    function heading(text) {
      var hd = h("h2", { className: "kb-present-title", id: titleId, tabindex: "-1" });
      hd.innerHTML = text;
      return hd;
    }

    function render() {
      clear(stage);
      if (st.intro) {
        if (spec.badge) stage.appendChild(h("p", { className: "kb-badge", html: spec.badge }));
        stage.appendChild(heading(spec.title));
        if (spec.content_note) stage.appendChild(h("div", { className: "kb-content-note", role: "note" },
          h("p", { className: "kb-strong", text: T.contentNote }), h("div", { html: spec.content_note })));
        stage.appendChild(h("div", { html: spec.intro }));
        stage.appendChild(h("div", { className: "kb-actions" }, h("button", { type: "button", className: "kb-btn kb-primary kb-present-next", text: T.presentStart, onclick: advance })));
        return;
      }
      var node = nodes[st.at];
      if (node.ending) {
        stage.appendChild(heading(T.ending + ": " + node.title));
        endingParts(node).forEach(function (part) { stage.appendChild(part); });
        var ol = h("ol", { className: "kb-present-summary" });
        st.path.forEach(function (step) {
          var n = nodes[step.node], c = n.choices.filter(function (x) { return x.id === step.choice; })[0];
          var counts = n.choices.map(function (x, i) { return "Möglichkeit " + (i + 1) + ": " + (step.votes[x.id] || 0); }).join(", ");
          ol.appendChild(h("li", {}, h("span", { className: "kb-strong", html: n.title }), h("br"),
            T.groupChose(plain(c.text), step.how === "pick" ? T.byPick : T.byMajority), h("br"), T.voteList(counts)));
        });
        stage.appendChild(h("div", { className: "kb-summary" }, h("h3", { text: T.summaryTitle }), ol));
        return;
      }
      stage.appendChild(heading(T.step(st.path.length + 1) + ": " + node.title));
      stage.appendChild(h("div", { className: "kb-present-text", html: node.text }));
      var fs = h("fieldset", { className: "kb-present-choices" }, h("legend", { html: node.prompt }));
      node.choices.forEach(function (c, i) {
        var id = domId(spec.id) + "-present-" + node.id + "-" + c.id;
        var input = h("input", { type: "number", min: "0", step: "1", inputmode: "numeric", id: id, value: String(st.votes[c.id] || 0),
          oninput: function () { st.votes[c.id] = Math.max(0, parseInt(input.value, 10) || 0); } });
        input.disabled = st.chosen !== null;
        var row = h("div", { className: "kb-present-choice" + (st.chosen === c.id ? " kb-chosen" : ""), "data-kb-choice": c.id },
          h("span", { className: "kb-present-num", "aria-hidden": "true", text: String(i + 1) }),
          h("span", { className: "kb-present-choice-text", html: c.text }),
          h("span", { className: "kb-present-vote" }, h("label", { "for": id, text: T.votesShort }), input),
          st.chosen === null ? h("button", { type: "button", className: "kb-btn kb-small kb-present-pick", "aria-describedby": id, text: T.pickThis,
            onclick: function () { choose(c.id, "pick"); } }) : null);
        fs.appendChild(row);
      });
      stage.appendChild(fs);
      if (st.chosen === null) {
        stage.appendChild(h("div", { className: "kb-actions" }, h("button", { type: "button", className: "kb-btn kb-primary kb-present-majority", text: T.followMajority, onclick: majority })));
      } else {
        var c = node.choices.filter(function (x) { return x.id === st.chosen; })[0];
        stage.appendChild(h("div", { className: "kb-feedback kb-present-feedback" },
          h("p", { className: "kb-strong", text: T.groupChose(plain(c.text), st.how === "pick" ? T.byPick : T.byMajority) }),
          h("div", { html: c.feedback })));
        stage.appendChild(h("div", { className: "kb-actions" }, h("button", { type: "button", className: "kb-btn kb-primary kb-present-next", text: T.next, onclick: advance })));
      }
    }

    function focusTitle() {
      var t = stage.querySelector(".kb-present-title");
      if (t) t.focus();
    }

    function majority() {
      var node = nodes[st.at];
      var best = -1, winners = [];
      node.choices.forEach(function (c) {
        var v = st.votes[c.id] || 0;
        if (v > best) { best = v; winners = [c.id]; } else if (v === best) winners.push(c.id);
      });
      if (best <= 0) { live.textContent = T.noVotes; return; }
      if (winners.length > 1) { live.textContent = T.tie; return; }
      choose(winners[0], "majority");
    }

    function choose(choiceId, how) {
      st.chosen = choiceId;
      st.how = how;
      render();
      var fb = stage.querySelector(".kb-present-feedback");
      live.textContent = fb ? fb.textContent : "";
      var next = stage.querySelector(".kb-present-next");
      if (next) next.focus();
    }

    function advance() {
      if (st.intro) { st.intro = false; st.at = spec.start; }
      else {
        var node = nodes[st.at];
        if (node.ending) return;
        if (st.chosen === null) { majority(); return; }
        var c = node.choices.filter(function (x) { return x.id === st.chosen; })[0];
        st.path.push({ node: st.at, choice: st.chosen, how: st.how, votes: st.votes });
        st.at = c.next;
        st.votes = {}; st.chosen = null; st.how = null;
      }
      render();
      focusTitle();
    }

    function back() {
      if (st.intro) return;
      if (st.chosen !== null) { st.chosen = null; st.how = null; }
      else if (st.path.length) {
        var last = st.path.pop();
        st.at = last.node; st.votes = last.votes; st.chosen = null; st.how = null;
      } else { st.intro = true; }
      render();
      focusTitle();
    }

    function onKey(ev) {
      var inField = ev.target && ev.target.tagName === "INPUT";
      if (ev.key === "Escape") { ev.preventDefault(); close(); return; }
      if (inField) return; // digits and arrows belong to the vote field
      if (ev.key === " " || ev.key === "ArrowRight" || ev.key === "PageDown") {
        if (ev.target && ev.target.tagName === "BUTTON" && ev.key === " ") return; // Space presses the focused button
        ev.preventDefault(); advance();
      } else if (ev.key === "ArrowLeft" || ev.key === "PageUp") {
        ev.preventDefault(); back();
      } else if (/^[1-9]$/.test(ev.key) && !st.intro && st.chosen === null) {
        var node = nodes[st.at];
        var c = node.ending ? null : node.choices[parseInt(ev.key, 10) - 1];
        if (c) { ev.preventDefault(); choose(c.id, "pick"); }
      }
    }

    function close() {
      dialog.removeEventListener("keydown", onKey);
      if (doc.fullscreenElement && doc.exitFullscreen) { try { doc.exitFullscreen().catch(function () {}); } catch (e) { /* ignore */ } }
      dialog.parentNode.removeChild(dialog);
      if (opener) opener.focus();
    }

    render();
    focusTitle();
    return { close: close, state: st };
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
