/*
 * Kursbuch SCORM plumbing, shared by the SCORM targets' browser files (target-scorm12.js,
 * target-scorm2004.js); loaded before them. Not a target itself.
 *
 * Contract
 * - Defines globalThis.KursbuchScormApi.target(edition): the target object the runtime
 *   (scorm.js) talks to the LMS through, built from a description of one SCORM edition:
 *     name         the target's tag (as in the package's file names)
 *     apiName      the window property of the LMS API object
 *     calls        {init, get, set, commit, finish, error}: the API's function names
 *     elements     {suspend, location, entry, session, exit, learner, mode, credit}: data-model
 *                  element names
 *     interaction  {response, wrong, sep, pair}: the response element, the value of a wrong
 *                  result, and the separators between response parts and inside a pair
 *     limits       {suspendData: characters, or 0 for none}
 *     begin(lms)          mark the attempt as started (never "not attempted")
 *     held(lms)           whether the LMS holds a finished result of this attempt
 *     result(lms, s)      write status and score from the runtime's summary
 *                         {completed, graded, passed (true/false/null), raw (0-100)}
 *     sessionTime(ms)     the session time in the edition's notation
 *     practiceEnd(lms, mode)  optional: called before finishing a practice session (review,
 *                         browse, no-credit), for the one value that keeps an LMS from storing a
 *                         result of its own (SCORM 1.2 browse mode: "browsed")
 *   where lms = {get(key), set(key, value), number(x)}.
 * - Finds the LMS API the ADL way: window.parent chain, then window.opener and its parents.
 * - Sends a value only when it differs from the last one sent; a failing SetValue is reported
 *   (hooks.problem) and marks the connection as failing (hooks.failed), the page keeps working.
 */
(function (root) {
  "use strict";

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

  function discover(win, name) {
    var api = search(win, name);
    if (!api) {
      try { if (win.opener) api = search(win.opener, name); } catch (e) { api = null; }
    }
    return api;
  }

  function ok(result) { return result === "true" || result === true; }

  function fmtNumber(x) { return String(Math.round(x * 100) / 100); } // always a decimal point

  function target(edition) {
    var C = edition.calls, K = edition.elements, I = edition.interaction;

    function connect(win, hooks) {
      var api = discover(win, edition.apiName);
      var sent = {};
      var changes = 0;

      function call(fn, args) {
        if (!api || typeof api[fn] !== "function") return "false";
        try {
          var r = api[fn].apply(api, args || []);
          return r === undefined || r === null ? "" : String(r);
        } catch (e) {
          hooks.problem(fn + ": " + e);
          return "false";
        }
      }

      function lastError() { return call(C.error, []); }

      function get(key) {
        var v = call(C.get, [key]);
        return v === "false" && lastError() !== "0" ? "" : v;
      }

      function set(key, value) {
        value = String(value);
        if (sent[key] === value) return false;
        if (!ok(call(C.set, [key, value]))) {
          hooks.problem("SetValue " + key + " failed (" + lastError() + ")");
          hooks.failed();
          return false;
        }
        sent[key] = value;
        changes++;
        return true;
      }

      var lms = { get: get, set: set, number: fmtNumber };

      function response(parts) {
        return parts.map(function (p) { return Array.isArray(p) ? p.join(I.pair) : p; }).join(I.sep);
      }

      if (!api || !ok(call(C.init, [""]))) return null;
      return {
        changes: function () { return changes; },
        isFirstLaunch: function () { return get(K.entry) === "ab-initio"; },
        suspendData: function () { return get(K.suspend); },
        bookmark: function () { return get(K.location); },
        learner: function () { return get(K.learner); },
        // Review and browse modes and "no-credit" attempts must not change what the LMS stored.
        practice: function () {
          var mode = get(K.mode);
          return (mode !== "" && mode !== "normal") || get(K.credit) === "no-credit";
        },
        hasResult: function () { return !!edition.held(lms); },
        begin: function () { edition.begin(lms); },
        saveSuspendData: function (text) { set(K.suspend, text); },
        saveBookmark: function (id) { set(K.location, id); },
        saveResult: function (summary) { edition.result(lms, summary); },
        saveInteraction: function (item, rec) {
          var resp = response(rec.parts);
          var n = parseInt(get("cmi.interactions._count"), 10) || 0;
          var p = "cmi.interactions." + n + ".";
          set(p + "id", item.id);
          set(p + "type", rec.type);
          set(p + "weighting", String(item.points));
          set(p + I.response, resp);
          set(p + "result", rec.correct ? "correct" : I.wrong);
        },
        commit: function () { return ok(call(C.commit, [""])); },
        lastError: lastError,
        finish: function (ms, quiet) {
          if (quiet) { // practice: nothing is written but what keeps the LMS from inventing a result
            if (edition.practiceEnd) edition.practiceEnd(lms, get(K.mode));
            call(C.finish, [""]);
            return;
          }
          set(K.session, edition.sessionTime(ms));
          // "suspend" keeps the attempt and its data: learners come back to a finished module too.
          set(K.exit, "suspend");
          call(C.commit, [""]);
          call(C.finish, [""]);
        }
      };
    }

    return { name: edition.name, limits: edition.limits, connect: connect };
  }

  root.KursbuchScormApi = { target: target };
})(typeof globalThis !== "undefined" ? globalThis : this);
