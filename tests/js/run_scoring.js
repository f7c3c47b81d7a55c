// Runs the shared scoring table through engine.js (no DOM) and prints the results as JSON.
// Usage: node run_scoring.js <engine.js> <scoring_cases.json>
"use strict";
const fs = require("fs");
const vm = require("vm");

const [enginePath, tablePath] = process.argv.slice(2);
const sandbox = {};
sandbox.globalThis = sandbox;
vm.runInNewContext(fs.readFileSync(enginePath, "utf8"), sandbox, { filename: enginePath });
const E = sandbox.KursbuchEngine;
const table = JSON.parse(fs.readFileSync(tablePath, "utf8"));

const items = table.item_cases.map((c) => E.scoreItem(table.items[c.item], c.answer));
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
process.stdout.write(JSON.stringify({ items, quizzes, passMarks }));
