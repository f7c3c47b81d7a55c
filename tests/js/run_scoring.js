// Runs the shared scoring table through the engine bundle (no DOM) and prints the results as JSON.
// Usage: node run_scoring.js <engine bundle> <scoring_cases.json>
// The bundle is kursbuch.assets.engine_source(): the engine core plus every registered item type.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [enginePath, tablePath] = process.argv.slice(2);
const sandbox = {};
sandbox.globalThis = sandbox;
vm.runInNewContext(fs.readFileSync(enginePath, "utf8"), sandbox, { filename: enginePath });
const E = sandbox.KursbuchEngine;
const table = JSON.parse(fs.readFileSync(tablePath, "utf8"));
// Plain copies: objects made inside the sandbox would not compare equal to the table's in Python.
const plain = (x) => JSON.parse(JSON.stringify(x));

const items = table.item_cases.map((c) => E.scoreItem(table.items[c.item], c.answer));
const interactions = table.item_cases.map((c) => plain(E.interaction(table.items[c.item], c.answer)));
const quizSpec = { settings: table.quiz.settings, items: table.quiz.items.map((k) => table.items[k]) };
const quizzes = table.quiz_cases.map((c) => E.scoreQuiz(quizSpec, c.answers));
const passMarks = table.pass_mark_cases.map((c) => {
  const spec = {
    settings: { pass_percent: c.pass_percent },
    items: c.points_per_item.map((_, i) => ({ id: "p" + i, type: "single", points: 1, answer: "a" })),
  };
  const answers = {};
  c.points_per_item.forEach((p, i) => { answers["p" + i] = p ? "a" : "b"; });
  return E.scoreQuiz(spec, answers);
});
// The module's activities as specs: quizzes name their items in the table, the scenario is a spec.
const specs = {};
Object.keys(table.module.quizzes).forEach((id) => {
  const q = table.module.quizzes[id];
  specs[id] = { id, kind: "quiz", settings: q.settings, items: q.items.map((k) => table.items[k]) };
});
specs[table.module.scenario.id] = Object.assign({ kind: "scenario" }, table.module.scenario);
const modules = table.module_cases.map((c) => plain(E.moduleResult(specs, c.states, c.pass_percent)));
const types = plain(E.itemTypes());
process.stdout.write(JSON.stringify({ items, interactions, quizzes, passMarks, modules, types }));
