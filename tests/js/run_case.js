// Runs the shared case table through case.js (no DOM) and prints the results as JSON.
// Usage: node run_case.js <case.js> <case_cases.json>
"use strict";
const fs = require("fs");
const vm = require("vm");

const [casePath, tablePath] = process.argv.slice(2);
const sandbox = {};
sandbox.globalThis = sandbox;
vm.runInNewContext(fs.readFileSync(casePath, "utf8"), sandbox, { filename: casePath });
const C = sandbox.KursbuchCase;
const table = JSON.parse(fs.readFileSync(tablePath, "utf8"));
const spec = table.spec;
const node = (id) => spec.nodes.filter((n) => n.id === id)[0];

const fnv = table.fnv_cases.map((c) => C.fnv1a(c.text));
const orders = table.order_cases.map((c) => C.order(c.ids, c.seed, c.key, c.avoid));
const evaluations = table.evaluate_cases.map((c) =>
  C.evaluate(c.cond, { at: spec.start, vars: c.vars, path: c.path, seed: 0 }));
const plays = table.play_cases.map((c) => {
  let state = C.start(spec, c.seed);
  const refused = [];
  c.steps.forEach((s) => {
    if (s === "back") { state = C.back(spec, state); return; }
    try { state = C.choose(spec, state, s); } catch (e) { refused.push(s); }
  });
  const at = node(state.at);
  return {
    state, refused,
    visible: C.visibleChoices(spec, state, at).map((x) => x.id),
    text: C.nodeText(spec, state, at),
    debrief: C.debrief(spec, state),
  };
});
const replays = table.replay_cases.map((c) => C.replay(spec, c.path, c.seed));
// Seeds are uint32 and differ between draws.
const seeds = [C.newSeed(), C.newSeed(), C.newSeed()];
process.stdout.write(JSON.stringify({ fnv, orders, evaluations, plays, replays, seeds }));
