// Runs package launch pages (the runtime files in package order, then the engine) in node inside
// an emulated LMS player: Moodle's (tests/lms/moodle_player.js, the default) or ILIAS's SCORM 1.2
// player (tests/lms/ilias_player.js, job.lms = "ilias"). Launches of a player page, each visiting
// units through the table of contents, with the server's tracks and the browser's storage kept
// between launches. Prints the tracks, the storage and what each visit showed.
// Usage: node run_in_moodle.js < {lms, engine, files, version, units: {sco: {config, specs}},
//   options: {masteryoverride, mastery, ... the player's module settings}, tracks: {learner: {unit:
//   {element: value}}}, storage, launches: [{learner, mode, credit, options, visits: [{sco, steps}]}]}
// steps: {save: id, state} | {clear: id} | {tick: true} | {advance: ms} | {event: name} | {forget: true | "cancel"} (the button, then the confirmation's answer)
//        | {hide: true} (the page becomes hidden: tab switched, window minimised)
// A visit ends with pagehide (the table of contents or the learner leaves the page), unless the
// visit says killed: true (the browser ended the page without any further event).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const PLAYERS = { // the player's file, and one player page for a launch (same interface: api, prop, activate, calls)
  moodle: ["moodle_player.js", (h, options, tracks) => new h.MoodlePlayer(job.version, options, tracks)],
  ilias: ["ilias_player.js", (h, options, tracks) => new h.IliasPlayer(options, tracks)],
};
const [playerFile, newPlayer] = PLAYERS[job.lms || "moodle"];
const holder = {};
vm.runInNewContext(fs.readFileSync(path.join(__dirname, "..", "lms", playerFile), "utf8"), holder);
const tracks = job.tracks || {}; // learner -> unit -> element -> value (both LMSs keep them per user)
const storage = Object.assign({}, job.storage || {});
let now = 1700000000000;
const out = { visits: [], calls: [] };

const { element, fakeWindow } = require("./fake_dom.js");

function visit(player, unit, steps, killed) {
  const elements = {
    "kb-scorm-config": { textContent: JSON.stringify(unit.config) },
    "kb-lms-status": element(),
    "kb-lms-note": element(),
    "kb-forget": element({ parentNode: element({ tagName: "P", parentNode: element() }) }),
  };
  const sandbox = fakeWindow({ elements, storage, clock: () => now });
  const doc = sandbox.document;
  sandbox[player.prop] = player.api;
  for (const file of [...job.files, job.engine]) {
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  }
  const stores = {};
  Object.keys(unit.specs).sort().forEach((id) => { stores[id] = sandbox.KursbuchStoreFactory(id, unit.specs[id]); });
  const loaded = {};
  Object.keys(stores).forEach((id) => { loaded[id] = stores[id].load(); });
  const fire = sandbox.fire;
  sandbox.fireDoc("DOMContentLoaded");
  fire("load");
  for (const step of steps || []) {
    if (step.save) stores[step.save].save(step.state);
    else if (step.clear) stores[step.clear].clear();
    else if (step.tick) { const due = sandbox.timers; sandbox.timers = []; due.forEach((t) => t.fn()); }
    else if (step.advance) now += step.advance;
    else if (step.forget) {
      elements["kb-forget"].click(); // asks first
      sandbox.created.find((el) => el.textContent === (step.forget === "cancel" ? "Abbrechen" : "Ja, löschen")).click();
    }
    else if (step.hide) { doc.visibilityState = "hidden"; sandbox.fireDoc("visibilitychange"); }
    else if (step.event) fire(step.event);
  }
  const shown = {
    status: elements["kb-lms-status"].textContent,
    note: elements["kb-lms-note"].hidden ? "" : elements["kb-lms-note"].textContent,
    forget: elements["kb-forget"].hidden ? "" : elements["kb-forget"].textContent,
  };
  if (!killed) fire("pagehide");
  return { loaded, shown, problems: sandbox.KursbuchScorm.problems, summary: sandbox.KursbuchScorm.summary(), practice: typeof sandbox.KursbuchScorm.practice === "function" ? sandbox.KursbuchScorm.practice() : null };
}

for (const launch of job.launches) {
  tracks[launch.learner] = tracks[launch.learner] || {};
  const options = Object.assign({}, job.options, launch.options || {}, { learner: launch.learner, mode: launch.mode, credit: launch.credit });
  const player = newPlayer(holder, options, tracks[launch.learner]);
  for (const v of launch.visits) {
    player.activate(v.sco);
    out.visits.push(Object.assign({ sco: v.sco }, visit(player, job.units[v.sco], v.steps, v.killed)));
    now += 1000;
  }
  out.calls.push(player.calls);
}
out.tracks = tracks;
out.storage = storage;
process.stdout.write(JSON.stringify(out));
