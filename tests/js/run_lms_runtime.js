// Runs the package's LMS runtime (its script files, in package order) and engine.js in node
// against a recording stand-in LMS, through a scripted learner session, and prints every LMS
// call as JSON. Target-neutral: both SCORM API objects (window.API and window.API_1484_11) are
// offered; the target's own discovery picks one.
// Usage: node run_lms_runtime.js < {engine, files: [...], config, specs, saved, faults, steps}
// noApi: offer no LMS at all.
// steps: {save: id, state} | {clear: id} | {tick: true} (run due timers) | {event: "load"|"pagehide"}
//        | {advance: ms} (the clock moves on)
"use strict";
const fs = require("fs");
const vm = require("vm");
const { fakeWindow } = require("./fake_dom.js");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const calls = [];
let now = 1700000000000;
const storage = {};

function fakeApi(label, names) {
  const data = Object.assign({}, job.saved || {});
  const faults = job.faults || {};
  const api = {};
  function rec(fn, args, result) { calls.push([label, fn, args, result]); return result; }
  api[names.init] = (p) => rec(names.init, [p], faults.init ? "false" : "true");
  api[names.get] = (k) => {
    if (k.endsWith("interactions._count")) {
      const n = new Set(Object.keys(data).filter((x) => /interactions\.\d+\./.test(x)).map((x) => x.split(".")[2])).size;
      return rec(names.get, [k], String(n));
    }
    return rec(names.get, [k], k in data ? data[k] : "");
  };
  api[names.set] = (k, v) => {
    if (faults.set) return rec(names.set, [k, v], "false");
    data[k] = v;
    return rec(names.set, [k, v], "true");
  };
  api[names.commit] = (p) => rec(names.commit, [p], faults.commit ? "false" : "true");
  api[names.finish] = (p) => rec(names.finish, [p], "true");
  api[names.error] = () => rec(names.error, [], faults.set || faults.commit ? "101" : "0");
  return api;
}

const elements = {
  "kb-scorm-config": { textContent: JSON.stringify(job.config) },
  "kb-lms-status": { textContent: "" },
};
const sandbox = Object.assign(fakeWindow({ elements, storage, clock: () => now }), {
  API: fakeApi("API", { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError" }),
  API_1484_11: fakeApi("API_1484_11", { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError" }),
});
if (job.noApi) { delete sandbox.API; delete sandbox.API_1484_11; }

for (const file of [...job.files, job.engine]) {
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
}
const stores = {};
Object.keys(job.specs).sort().forEach((id) => { stores[id] = sandbox.KursbuchStoreFactory(id, job.specs[id]); });
const loaded = {};
Object.keys(stores).forEach((id) => { loaded[id] = stores[id].load(); });

function runDue() {
  const due = sandbox.timers.filter((t) => t.at <= now + 1e9);
  sandbox.timers = sandbox.timers.filter((t) => !due.includes(t));
  due.forEach((t) => t.fn());
}

for (const step of job.steps) {
  if (step.save) stores[step.save].save(step.state);
  else if (step.clear) stores[step.clear].clear();
  else if (step.tick) runDue();
  else if (step.advance) now += step.advance;
  else if (step.event === "DOMContentLoaded") sandbox.fireDoc("DOMContentLoaded");
  else if (step.event) sandbox.fire(step.event);
}
process.stdout.write(JSON.stringify({
  calls,
  loaded,
  problems: sandbox.KursbuchScorm.problems,
  status: elements["kb-lms-status"].textContent,
  summary: sandbox.KursbuchScorm.summary(),
  storage,
}));
