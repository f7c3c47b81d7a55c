// Validates xAPI statements with npm xapi-validation (Learning Locker's validator, pinned in
// tests/package.json): reads a JSON array of statements on stdin, prints a JSON array with one
// list of problems per statement (path and name of each error and warning).
"use strict";
const validate = require("../node_modules/xapi-validation").default;

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((statement) =>
    validate(statement).map((e) => `${(e.path || []).join(".")}: ${e.name}`)
  );
  process.stdout.write(JSON.stringify(out));
});
