/*
 * Export target cmi5 for the Kursbuch runtime (scorm.js): sets globalThis.KursbuchTarget, an
 * assignable unit (AU) that talks xAPI to the LMS's Learning Record Store. The Python side of this
 * target is kursbuch/export/targets/cmi5.py (cmi5.xml, checks, data sheet).
 *
 * Launch (prepare, before the engine mounts the activities)
 * - Launch parameters from the query string: endpoint, fetch, actor, registration, activityId.
 * - POST to the fetch URL once for the auth token (kept in sessionStorage for reloads of the same
 *   launch: a second POST would get an error by design).
 * - GET the LMS.LaunchData state document (contextTemplate, launchMode, masteryScore, returnURL,
 *   moveOn), the cmi5LearnerPreferences agent profile (languagePreference), and this unit's own
 *   state document "kursbuch-state" ({v, s: resume data, b: bookmark, done: {completed, passed},
 *   k: keys of allowed statements already sent}).
 * - Any failure there (no parameters, fetch refused, LRS down, timeout): no LMS; the page works
 *   and keeps the learner's state in this browser.
 *
 * Statements (each with a UUID, a UTC timestamp, the actor from the launch, the contextTemplate
 * with registration and session id, the category cmi5 for cmi5-defined ones, moveon with results)
 * - initialized first; completed once per registration when the completion rule holds;
 *   passed (once per registration, never followed by failed) or failed, at most one of them per
 *   session, with score (scaled 0-1, raw 0-100, min, max), success and duration, decided by the
 *   LaunchData masteryScore when given; terminated last, with the session's duration.
 * - Browse and Review: initialized and terminated only, and the stored state stays as it is.
 * - "cmi5 allowed" (only when cfg.interactions, and only in Normal mode): answered per checked
 *   quiz item (option ids, correct or not) and selected per case decision (the choice id).
 *   Never any text the learner wrote.
 * - Every statement goes into a queue kept in localStorage (per registration) and is removed only
 *   when the LRS confirmed it (200/204, or 409: that id is stored already). When the LRS errors or
 *   does not answer in time, the queue is sent again later (backoff up to 5 s, and on every
 *   commit), in order; terminated and the last state go out with fetch keepalive on pagehide.
 */
(function (root) {
  "use strict";

  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var ADL = "http://adlnet.gov/expapi/verbs/";
  var VERBS = {
    initialized: ADL + "initialized", completed: ADL + "completed", passed: ADL + "passed",
    failed: ADL + "failed", terminated: ADL + "terminated", answered: ADL + "answered",
    selected: "http://id.tincanapi.com/verb/selected"
  };
  var INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
  var STATE_ID = "kursbuch-state";
  var TIMEOUT_MS = 5000;
  var MAX_BACKOFF_MS = 5000;

  var launch = null; // everything prepare() learnt; null: no LMS

  // ------------------------------------------------------------ helpers

  function uuid() {
    var c = root.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var hex = Array.prototype.map.call(b, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function duration(ms) {
    var secs = Math.max(0, ms) / 1000;
    var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = Math.round((secs % 60) * 100) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }

  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  function params(win) {
    var q;
    try { q = new root.URLSearchParams(win.location.search); } catch (e) { return null; }
    var names = ["endpoint", "fetch", "actor", "registration", "activityId"];
    var out = {};
    for (var i = 0; i < names.length; i++) {
      var v = q.get(names[i]);
      if (!v) return null;
      out[names[i]] = v;
    }
    try { out.actor = JSON.parse(out.actor); } catch (e) { return null; }
    out.endpoint = out.endpoint.replace(/\/?$/, "/");
    return out;
  }

  /**
   * fetch with a time limit: rejects on network errors and when no answer came in time. The
   * request itself is never aborted (an AbortSignal would make chromium cancel keepalive requests
   * with the page): one that answers late is sent again, and the LRS answers 409 to a statement
   * id it has, which counts as delivered.
   */
  function request(url, opts, timeoutMs) {
    return new Promise(function (resolve, reject) {
      var timer = root.setTimeout(function () {
        var e = new Error("no answer in time"); e.name = "TimeoutError"; reject(e);
      }, timeoutMs || TIMEOUT_MS);
      root.fetch(url, opts).then(
        function (r) { root.clearTimeout(timer); resolve(r); },
        function (e) { root.clearTimeout(timer); reject(e); }
      );
    });
  }

  function xapiHeaders(json) {
    var h = { "X-Experience-API-Version": "1.0.3", Authorization: launch.auth };
    if (json) h["Content-Type"] = "application/json";
    return h;
  }

  function docUrl(resource, extra) {
    var q = new root.URLSearchParams(extra);
    return launch.p.endpoint + resource + "?" + q.toString();
  }

  function stateUrl(stateId) {
    return docUrl("activities/state", {
      activityId: launch.p.activityId, agent: JSON.stringify(launch.p.actor),
      registration: launch.p.registration, stateId: stateId
    });
  }

  /** GET a JSON document: the object, null when there is none (404), or a rejected promise. */
  function getDoc(url) {
    return request(url, { method: "GET", headers: xapiHeaders(false), cache: "no-store" }).then(function (r) {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error("GET " + url.split("?")[0] + ": HTTP " + r.status);
      return r.text().then(function (t) { return t ? JSON.parse(t) : null; });
    });
  }

  // ------------------------------------------------------------ launch

  function tokenKey(p) { return "kursbuch:cmi5:token:" + p.fetch; }

  function authToken(p) {
    var kept;
    try { kept = root.sessionStorage.getItem(tokenKey(p)); } catch (e) { kept = null; }
    if (kept) return Promise.resolve(kept);
    return request(p.fetch, { method: "POST", cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("fetch URL: HTTP " + r.status);
      return r.json();
    }).then(function (body) {
      var token = body && body["auth-token"];
      if (!token) throw new Error("fetch URL: " + (body && (body["error-text"] || body["error-code"]) || "no auth-token"));
      try { root.sessionStorage.setItem(tokenKey(p), token); } catch (e) { /* a reload will ask again */ }
      return token;
    });
  }

  function prepare(win, done) {
    var p = params(win);
    var problems = [];
    if (!p) { done(); return; }
    var finished = false;
    function end() { if (!finished) { finished = true; done(); } }
    // The page must not wait for ever: whatever has not answered by then, the page starts without it.
    var guard = root.setTimeout(function () { problems.push("launch timed out"); launch = null; end(); }, 3 * TIMEOUT_MS);
    authToken(p).then(function (token) {
      launch = { p: p, auth: "Basic " + token, problems: problems };
      return Promise.all([
        getDoc(stateUrl("LMS.LaunchData")),
        getDoc(docUrl("agents/profile", { agent: JSON.stringify(p.actor), profileId: "cmi5LearnerPreferences" }))
          .catch(function () { return null; }), // optional: an LMS may answer 403 or nothing
        getDoc(stateUrl(STATE_ID))
      ]);
    }).then(function (docs) {
      if (finished) return;
      var data = docs[0];
      if (!data || !data.contextTemplate) throw new Error("LMS.LaunchData is missing or has no contextTemplate");
      launch.data = data;
      launch.mode = data.launchMode || "Normal";
      launch.prefs = docs[1] || {};
      launch.state = docs[2] && typeof docs[2] === "object" ? docs[2] : null;
      root.clearTimeout(guard);
      end();
    }).catch(function (e) {
      root.clearTimeout(guard);
      if (launch) launch.failedWith = String(e);
      problems.push(String(e));
      root.KursbuchCmi5Problems = problems;
      launch = null;
      end();
    });
  }

  // ------------------------------------------------------------ session

  function connect(win, hooks) {
    if (!launch) return null;
    var L = launch;
    var normal = L.mode === "Normal";
    var startedAt = Date.now();
    var stored = L.state || {};
    var state = {
      v: 1,
      s: typeof stored.s === "string" ? stored.s : "",
      b: typeof stored.b === "string" ? stored.b : "",
      done: stored.done && typeof stored.done === "object" ? clone(stored.done) : {},
      k: Array.isArray(stored.k) ? stored.k.slice() : []
    };
    var sentKeys = {};
    state.k.forEach(function (k) { sentKeys[k] = true; });
    var changes = 0;
    var stateDirty = false;
    var judged = false; // passed or failed sent in this session
    var lastError = "0";
    var queueKey = "kursbuch:cmi5:queue:" + L.p.registration + ":" + L.p.activityId;
    var queue = readQueue();
    var sending = false;
    var failing = false;
    var backoff = 500;
    var retryTimer = null;
    var inflight = {}; // ids of statements in a request that has not answered yet
    var terminated = false;
    var mastery = typeof L.data.masteryScore === "number" ? L.data.masteryScore : null;

    function readQueue() {
      try { var q = JSON.parse(root.localStorage.getItem(queueKey)); return Array.isArray(q) ? q : []; }
      catch (e) { return []; }
    }

    function writeQueue() {
      try { root.localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* kept in memory */ }
    }

    function context(defined, withMoveOn, extensions) {
      var c = clone(L.data.contextTemplate);
      c.registration = L.p.registration;
      var acts = c.contextActivities = c.contextActivities || {};
      if (defined) {
        acts.category = (acts.category || []).concat([{ id: CMI5 }]);
        if (withMoveOn) acts.category.push({ id: MOVEON });
      }
      if (extensions) {
        c.extensions = c.extensions || {};
        Object.keys(extensions).forEach(function (k) { if (!(k in c.extensions)) c.extensions[k] = extensions[k]; });
      }
      return c;
    }

    function statement(verb, object, result, ctx) {
      var st = {
        id: uuid(),
        timestamp: new Date().toISOString(),
        actor: L.p.actor,
        verb: { id: VERBS[verb], display: { "en-US": verb } },
        object: object,
        context: ctx
      };
      if (result) st.result = result;
      queue.push(st);
      writeQueue();
      changes++;
      return st;
    }

    function au() { return { objectType: "Activity", id: L.p.activityId }; }

    function defined(verb, result, withMoveOn, extensions) {
      return statement(verb, au(), result, context(true, withMoveOn, extensions));
    }

    // ------------------------------------------------ sending

    function problem(text) {
      lastError = text;
      hooks.problem(text);
      if (!failing) { failing = true; hooks.failed(); }
    }

    // Every request is a keepalive one: one in flight when the learner leaves still arrives.
    function sendBatch(batch) {
      batch.forEach(function (st) { inflight[st.id] = true; });
      return request(L.p.endpoint + "statements", {
        method: "POST", headers: xapiHeaders(true), body: JSON.stringify(batch), keepalive: true
      }).then(function (r) {
        if (r.ok) return true;
        if (r.status === 409 && batch.length > 1) { // one of them is stored already: one by one
          return batch.reduce(function (chain, st) {
            return chain.then(function (ok) { return ok && sendBatch([st]); });
          }, Promise.resolve(true));
        }
        if (r.status === 409) return true; // our own UUID: this statement reached the LRS before
        throw new Error("POST statements: HTTP " + r.status);
      });
    }

    function putState() {
      var body = JSON.stringify(state);
      return request(stateUrl(STATE_ID), {
        method: "PUT", headers: xapiHeaders(true), body: body, keepalive: true
      }).then(function (r) {
        if (!r.ok) throw new Error("PUT state: HTTP " + r.status);
      });
    }

    function pump() {
      if (sending || terminated && !queue.length && !stateDirty) return;
      if (!queue.length && !stateDirty) return;
      sending = true;
      if (retryTimer) { root.clearTimeout(retryTimer); retryTimer = null; }
      var batch = queue.slice(0, 20); // keepalive bodies in flight may not exceed 64 KB together
      var putting = stateDirty;
      stateDirty = false;
      var step = batch.length ? sendBatch(batch) : Promise.resolve(true);
      step.then(function () {
        // Remove exactly what was confirmed: the queue may have grown meanwhile.
        var sent = {};
        batch.forEach(function (st) { sent[st.id] = true; delete inflight[st.id]; });
        queue = queue.filter(function (st) { return !sent[st.id]; });
        writeQueue();
        return putting ? putState() : null;
      }).then(function () {
        sending = false;
        backoff = 500;
        if (failing) { failing = false; if (hooks.recovered) hooks.recovered(); }
        if (queue.length || stateDirty) pump();
      }, function (e) {
        sending = false;
        batch.forEach(function (st) { delete inflight[st.id]; });
        if (putting) stateDirty = true;
        problem(String(e && e.name === "TimeoutError" ? "LRS did not answer in time" : e));
        retryTimer = root.setTimeout(pump, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      });
    }

    function markState() { stateDirty = true; changes++; }

    function allowed(key) {
      if (!normal || sentKeys[key]) return false;
      sentKeys[key] = true;
      state.k.push(key);
      markState();
      return true;
    }

    // Retry as soon as the browser says the network is back.
    root.addEventListener("online", function () { if (!terminated) pump(); });

    var begun = false;
    var session = {
      launchMode: L.mode,
      preferences: L.prefs,
      changes: function () { return changes; },
      isFirstLaunch: function () { return !L.state; },
      // The learner as the LMS names them (the runtime keys the browser copy by a hash of it).
      learner: function () {
        var a = L.p.actor || {};
        return a.account ? (a.account.homePage || "") + "|" + (a.account.name || "") : a.mbox || a.mbox_sha1sum || "";
      },
      // Browse and Review: nothing is recorded (cmi5 10.2.2); the runtime writes nothing either.
      practice: function () { return !normal; },
      // A passed result of this registration is in the state document: a new try never takes it back.
      hasResult: function () { return !!state.done.passed; },
      suspendData: function () { return state.s; },
      bookmark: function () { return state.b; },
      begin: function () {
        if (begun) return;
        begun = true;
        defined("initialized", null, false);
      },
      saveSuspendData: function (text) {
        if (!normal || text === state.s) return;
        state.s = text;
        markState();
      },
      saveBookmark: function (id) {
        if (!normal || id === state.b) return;
        state.b = id;
        markState();
      },
      saveResult: function (s) {
        if (!normal || terminated) return;
        var took = { duration: duration(Date.now() - startedAt) };
        if (s.completed && !state.done.completed) {
          state.done.completed = true;
          markState();
          defined("completed", { completion: true, duration: took.duration }, true);
        }
        if (!s.graded || judged || state.done.passed) return;
        var scaled = Math.round(s.raw * 100) / 10000;
        var passed = mastery !== null ? scaled >= mastery - 1e-9 : !!s.passed;
        if (!passed && state.done.failedAt === s.raw) return; // this failed result was reported already
        judged = true;
        if (passed) state.done.passed = true;
        else state.done.failedAt = s.raw;
        markState();
        defined(passed ? "passed" : "failed", {
          success: passed,
          score: { scaled: scaled, raw: Math.round(s.raw * 100) / 100, min: 0, max: 100 },
          duration: took.duration
        }, true, mastery !== null ? (function () { var x = {}; x[MASTERY] = mastery; return x; })() : null);
      },
      saveInteraction: function (item, rec) {
        var response = rec.parts.map(function (p) { return Array.isArray(p) ? p.join("[.]") : String(p); }).join("[,]");
        if (!allowed("a:" + item.id + "=" + response)) return;
        var types = { choice: "choice", "true-false": "true-false", matching: "matching", sequencing: "sequencing" };
        statement("answered", {
          objectType: "Activity",
          id: L.p.activityId + "/items/" + encodeURIComponent(item.id),
          definition: { type: INTERACTION, interactionType: types[rec.type] || "other" }
        }, { response: response, success: !!rec.correct }, context(false));
      },
      saveDecision: function (scenario, node, choice) {
        if (!allowed("d:" + scenario + ":" + node + "=" + choice + ":" + state.k.length)) return;
        statement("selected", {
          objectType: "Activity",
          id: L.p.activityId + "/decisions/" + encodeURIComponent(node),
          definition: { type: INTERACTION, interactionType: "choice" }
        }, { response: String(choice) }, context(false));
      },
      // Sent from a timer, not at once: when the runtime commits on pagehide, finish() follows in
      // the same task and sends everything in one request (chromium drops a second keepalive POST
      // while one is in flight as the page goes away).
      commit: function () { root.setTimeout(pump, 0); return true; },
      lastError: function () { return lastError; },
      finish: function (ms) {
        if (terminated) return;
        defined("terminated", { duration: duration(ms) }, false);
        terminated = true;
        // The page is going away: whatever is not in flight goes out now (keepalive); what does
        // not arrive stays in the queue in localStorage and is sent at the next launch.
        var rest = queue.filter(function (st) { return !inflight[st.id]; });
        if (rest.length) {
          sendBatch(rest).then(function () {
            var sent = {};
            rest.forEach(function (st) { sent[st.id] = true; });
            queue = queue.filter(function (st) { return !sent[st.id]; });
            writeQueue();
          }, function () {});
        }
        if (normal && (stateDirty || sending)) { stateDirty = false; putState().catch(function () {}); }
      }
    };
    // Every session starts with "initialized", in Browse and Review too (the runtime does not begin a
    // session it only lets the learner practise in).
    if (!normal) session.begin();
    offerReturn(win, L.data.returnURL, L.mode);
    return session;
  }

  /**
   * With a returnURL in LMS.LaunchData, a button under the status line ends the session and goes
   * back to the LMS (cmi5 10.0: the AU redirects to returnURL when it is terminated). Browse and
   * Review say in the status area that nothing is recorded.
   */
  function offerReturn(win, back, mode) {
    var doc = win.document;
    function place() {
      var status = doc.getElementById("kb-lms-status");
      if (!status || doc.getElementById("kb-cmi5-exit")) return;
      if (mode !== "Normal") {
        var note = doc.createElement("p");
        note.className = "kb-lms-status";
        note.id = "kb-cmi5-mode";
        note.textContent = mode === "Review"
          ? "Rückblick: Sie sehen Ihren gespeicherten Stand; Änderungen werden nicht gespeichert und nicht gemeldet."
          : "Ansehen ohne Wertung: Antworten werden nicht gespeichert und nicht gemeldet.";
        status.parentNode.insertBefore(note, status.nextSibling);
      }
      if (!back) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.id = "kb-cmi5-exit";
      button.className = "kb-btn";
      button.textContent = "Modul beenden und zur Lernplattform zurückkehren";
      button.addEventListener("click", function () {
        button.disabled = true;
        if (root.KursbuchScorm) root.KursbuchScorm.finish(); // terminated (keepalive), then leave
        win.location.assign(back);
      });
      status.parentNode.insertBefore(button, (doc.getElementById("kb-cmi5-mode") || status).nextSibling);
    }
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", place);
    else place();
  }

  root.KursbuchTarget = {
    name: "cmi5",
    limits: { suspendData: 0 },
    prepare: prepare,
    connect: connect,
    launch: function () { return launch; }
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
