/*
 * Kursbuch case logic: the state a learner carries through a branching case, with no DOM and no
 * dependencies (a classic script; it runs from file:// too). kursbuch/core/case_state.py is the same
 * logic in Python; the shared table tests/data/case_cases.json keeps the two identical.
 *
 * It works on the scenario spec that kursbuch/core/render.py spec() writes, and on a state
 *   {at: node id, vars: {name: value}, path: [{node, choice}], seed: uint32}
 * that is never changed in place: every step returns a new state.
 *
 *   KursbuchCase.start(spec, seed)                 the state at the start, variables at their start values
 *   KursbuchCase.evaluate(cond, state)             whether a condition (when:) holds; none always holds
 *   KursbuchCase.visibleChoices(spec, state, node) the choices whose when holds, shuffled by the seed
 *                                                  unless the node says shuffle: false
 *   KursbuchCase.choose(spec, state, choiceId)     effects (numbers add within min/max, flags are set),
 *                                                  then the first route that holds, else next
 *   KursbuchCase.back(spec, state), replay(spec, path, seed)
 *                                                  a state is its path replayed (null: it no longer fits)
 *   KursbuchCase.nodeText(spec, state, node)       the text variant that holds, else the text
 *   KursbuchCase.debrief(spec, state)              at an ending: rating, the debrief variant that holds,
 *                                                  the learner's decisions with rating and consequence
 *   KursbuchCase.order(ids, seed, key, avoid)      the seeded order for case choices and quiz options
 *   KursbuchCase.newSeed()                         a seed per learner and attempt (saved with the state)
 */
(function (root) {
  "use strict";

  // ------------------------------------------------------------------ the seeded order

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /** mulberry32: unsigned 32-bit numbers, bit for bit as case_state.mulberry32. */
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = ((t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t) >>> 0;
      return (t ^ (t >>> 14)) >>> 0;
    };
  }

  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** ids in the order of seed for key; avoid: an order the result must not equal (then turned by one). */
  function order(ids, seed, key, avoid) {
    var out = ids.slice();
    var next = mulberry32(((seed >>> 0) ^ fnv1a(String(key))) >>> 0);
    for (var i = out.length - 1; i > 0; i--) {
      var j = next() % (i + 1);
      var tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    if (avoid && out.length > 1 && sameList(out, avoid)) out = out.slice(1).concat(out.slice(0, 1));
    return out;
  }

  function newSeed() {
    var c = root.crypto;
    if (c && typeof c.getRandomValues === "function") {
      var buf = new Uint32Array(1);
      c.getRandomValues(buf);
      return buf[0] >>> 0;
    }
    return Math.floor(Math.random() * 4294967296) >>> 0;
  }

  // ------------------------------------------------------------------------ conditions

  function chosenSet(state) {
    var out = {};
    state.path.forEach(function (step) { out[step.node + "." + step.choice] = true; });
    return out;
  }

  function holds(cond, values, chosen) {
    var keys = Object.keys(cond);
    for (var k = 0; k < keys.length; k++) {
      var key = keys[k], test = cond[key], ok, value;
      if (key === "all") {
        ok = test.every(function (c) { return holds(c, values, chosen); });
      } else if (key === "any") {
        ok = test.some(function (c) { return holds(c, values, chosen); });
      } else if (key === "not") {
        ok = !holds(test, values, chosen);
      } else if (key === "chose") {
        ok = test.every(function (ref) { return chosen[ref] === true; });
      } else if (test !== null && typeof test === "object") {
        value = values[key];
        ok = (!("min" in test) || value >= test.min) && (!("max" in test) || value <= test.max);
      } else {
        value = values[key];
        ok = typeof value === typeof test && value === test;
      }
      if (!ok) return false;
    }
    return true;
  }

  function evaluate(cond, state) {
    if (cond === null || cond === undefined) return true;
    return holds(cond, state.vars, chosenSet(state));
  }

  // ------------------------------------------------------------------------ the case

  function nodeOf(spec, id) {
    for (var i = 0; i < spec.nodes.length; i++) if (spec.nodes[i].id === id) return spec.nodes[i];
    return null;
  }

  function start(spec, seed) {
    var vars = {}, declared = spec.variables || {};
    Object.keys(declared).forEach(function (name) { vars[name] = declared[name].start; });
    return { at: spec.start, vars: vars, path: [], seed: seed >>> 0 };
  }

  function visibleChoices(spec, state, node) {
    var shown = (node.choices || []).filter(function (c) { return evaluate(c.when, state); });
    if (node.shuffle === false || shown.length < 2) return shown;
    var byId = {};
    shown.forEach(function (c) { byId[c.id] = c; });
    return order(shown.map(function (c) { return c.id; }), state.seed, node.id).map(function (id) { return byId[id]; });
  }

  function applyEffects(spec, values, effects) {
    var out = {}, declared = spec.variables || {};
    Object.keys(values).forEach(function (name) { out[name] = values[name]; });
    Object.keys(effects || {}).forEach(function (name) {
      var v = declared[name], effect = effects[name];
      if (v.type === "flag") {
        out[name] = effect;
        return;
      }
      var value = out[name] + effect;
      if (v.min !== undefined && v.min !== null) value = Math.max(v.min, value);
      if (v.max !== undefined && v.max !== null) value = Math.min(v.max, value);
      out[name] = value;
    });
    return out;
  }

  function target(choice, state) {
    var routes = choice.routes || [];
    for (var i = 0; i < routes.length; i++) if (evaluate(routes[i].when, state)) return routes[i].next;
    return choice.next;
  }

  function choose(spec, state, choiceId) {
    var node = nodeOf(spec, state.at);
    if (!node || node.ending) throw new Error("no decision at " + state.at);
    var choice = visibleChoices(spec, state, node).filter(function (c) { return c.id === choiceId; })[0];
    if (!choice) throw new Error("choice " + choiceId + " is not shown at " + node.id);
    var after = {
      at: state.at,
      vars: applyEffects(spec, state.vars, choice.effects),
      path: state.path.concat([{ node: node.id, choice: choiceId }]),
      seed: state.seed
    };
    after.at = target(choice, after);
    return after;
  }

  function replay(spec, path, seed) {
    var state = start(spec, seed);
    for (var i = 0; i < path.length; i++) {
      var step = path[i];
      if (!step || typeof step !== "object" || step.node !== state.at) return null;
      try {
        state = choose(spec, state, step.choice);
      } catch (e) {
        return null;
      }
    }
    return state;
  }

  function back(spec, state) {
    return replay(spec, state.path.slice(0, -1), state.seed) || start(spec, state.seed);
  }

  function nodeText(spec, state, node) {
    var variants = node.variants || [];
    for (var i = 0; i < variants.length; i++) if (evaluate(variants[i].when, state)) return variants[i].text;
    return node.text;
  }

  function debrief(spec, state) {
    var node = nodeOf(spec, state.at);
    if (!node || !node.ending) return null;
    var text = node.ending.debrief, variants = node.ending.variants || [];
    for (var i = 0; i < variants.length; i++) {
      if (evaluate(variants[i].when, state)) {
        text = variants[i].debrief;
        break;
      }
    }
    var decisions = state.path.map(function (step) {
      var at = nodeOf(spec, step.node) || {};
      var choice = (at.choices || []).filter(function (c) { return c.id === step.choice; })[0] || {};
      return {
        node: step.node,
        title: at.title === undefined ? null : at.title,
        choice: step.choice,
        text: choice.text === undefined ? null : choice.text,
        rating: choice.rating === undefined ? null : choice.rating,
        consequence: choice.consequence === undefined ? null : choice.consequence
      };
    });
    var declared = spec.variables || {};
    return {
      ending: node.id,
      title: node.title,
      rating: node.ending.rating,
      debrief: text,
      decisions: decisions,
      variables: Object.keys(declared).sort().map(function (name) {
        return { name: name, label: declared[name].label, value: state.vars[name] };
      })
    };
  }

  root.KursbuchCase = {
    start: start,
    evaluate: evaluate,
    visibleChoices: visibleChoices,
    applyEffects: applyEffects,
    choose: choose,
    replay: replay,
    back: back,
    nodeText: nodeText,
    debrief: debrief,
    order: order,
    newSeed: newSeed,
    fnv1a: fnv1a
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
