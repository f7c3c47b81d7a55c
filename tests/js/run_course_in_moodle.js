// Runs a whole-course package built as ONE unit (kursbuch/export/course_sco.py) in node inside the
// Moodle player emulation (tests/lms/moodle_player.js): per launch one player page whose table of
// contents opens the one unit, the shell (the target's files and course-sco.js, as its launch page
// carries them) in a window below it, and each module page (course-sco.js, scorm.js, the engine) in
// the shell's frame below that. Modules are switched by clicking the shell's own menu links; the
// frame loads what the shell sets as its src. Server tracks and browser storage persist between
// launches. Prints the tracks, the storage, every LMS call and what each module page showed.
// Usage: node run_course_in_moodle.js < {engine, shell_files, module_files, version, shell: config,
//   units: {module: {config, specs}}, options, tracks: {learner: {unit: {...}}}, storage,
//   launches: [{learner, mode, credit, steps, killed}]}
// steps: {open: module} (click its menu link) | {save: id, state} | {clear: id} | {tick: true}
//        | {advance: ms} | {hide: true} | {forget: "confirm" | "cancel"} (the shell's button, then the answer)
// A launch ends with the shell's pagehide (then the module page's), unless killed: true.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const holder = {};
vm.runInNewContext(fs.readFileSync(path.join(__dirname, "..", "lms", "moodle_player.js"), "utf8"), holder);
const tracks = job.tracks || {};
const storage = Object.assign({}, job.storage || {});
let now = 1700000000000;
const out = { launches: [], calls: [] };
const sources = {};
function source(file) { return (sources[file] = sources[file] || fs.readFileSync(file, "utf8")); }

const { element, fakeWindow } = require("./fake_dom.js");

/** A window of the emulated browser: the shared storage, the test's clock. */
function makeWindow(parent, elements, selectorAll) {
  return fakeWindow({ parent, elements, selectorAll, storage, clock: () => now });
}

function run(win, files) {
  for (const file of files) vm.runInNewContext(source(file), win, { filename: file });
}

for (const launch of job.launches) {
  tracks[launch.learner] = tracks[launch.learner] || {};
  const player = new holder.MoodlePlayer(job.version, Object.assign({}, job.options, { learner: launch.learner, mode: launch.mode, credit: launch.credit }), tracks[launch.learner]);
  player.activate("kurs");
  const lms = makeWindow(null, {});
  lms[player.prop] = player.api;
  const seen = [];
  let module = null; // {win, id, stores, loaded}

  function unloadModule() {
    if (!module) return;
    module.win.fire("pagehide");
    module = null;
  }

  function loadModule(launchPath) {
    unloadModule();
    const id = Object.keys(job.units).find((u) => job.units[u].config.sco === launchPath.split("/")[0]);
    const unit = job.units[id];
    const elements = {
      "kb-scorm-config": { textContent: JSON.stringify(unit.config) },
      "kb-lms-status": element(),
      "kb-lms-note": element(),
      "kb-forget": element(),
    };
    const win = makeWindow(shell, elements);
    win.location = { pathname: launchPath }; // what the shell compares with the module's launch path
    run(win, [...job.module_files, job.engine]);
    const stores = {};
    Object.keys(unit.specs).sort().forEach((a) => { stores[a] = win.KursbuchStoreFactory(a, unit.specs[a]); });
    const loaded = {};
    Object.keys(stores).forEach((a) => { loaded[a] = stores[a].load(); });
    win.fireDoc("DOMContentLoaded");
    win.fire("load");
    module = { win, id, stores, loaded, elements };
    seen.push({ module: id, loaded });
  }

  const frame = element({ contentWindow: null });
  Object.defineProperty(frame, "contentWindow", { get: () => (module ? module.win : null) });
  Object.defineProperty(frame, "src", { set: (url) => loadModule(url), get: () => "" });
  const links = job.shell.modules.map((m) => {
    const a = element();
    a.setAttribute("data-kb-module", m.id);
    a.setAttribute("href", m.launch);
    return a;
  });
  const shellElements = {
    "kb-scorm-config": { textContent: JSON.stringify(job.shell) },
    "kb-lms-status": element(),
    "kb-lms-note": element(),
    "kb-course-result": element(),
    // in a paragraph of the header: the confirmation goes after the paragraph
    "kb-forget": element({ parentNode: element({ tagName: "P", parentNode: element() }) }),
    "kb-course-frame": frame,
  };
  job.shell.modules.forEach((m) => { shellElements["kb-state-" + m.id] = element(); });
  const shell = makeWindow(lms, shellElements, () => links);
  run(shell, job.shell_files);

  function shown(elements) {
    return {
      status: elements["kb-lms-status"].textContent,
      note: elements["kb-lms-note"].hidden ? "" : elements["kb-lms-note"].textContent,
      forget: elements["kb-forget"].hidden ? "" : elements["kb-forget"].textContent,
    };
  }

  for (const step of launch.steps || []) {
    if (step.open) links.find((a) => a.getAttribute("data-kb-module") === step.open).click();
    else if (step.save) module.stores[step.save].save(step.state);
    else if (step.clear) module.stores[step.clear].clear();
    else if (step.tick) {
      for (const w of [module && module.win, shell]) {
        if (!w) continue;
        const due = w.timers; w.timers = []; due.forEach((t) => t.fn());
      }
    } else if (step.advance) now += step.advance;
    else if (step.forget) {
      shellElements["kb-forget"].click(); // asks first
      if (step.forget === "confirm") shell.created.find((el) => el.textContent === "Ja, löschen").click();
      else shell.created.find((el) => el.textContent === "Abbrechen").click();
    }
    else if (step.hide) {
      for (const w of [shell, module && module.win]) {
        if (!w) continue;
        w.document.visibilityState = "hidden";
        w.fireDoc("visibilitychange");
      }
    }
    if (module) seen[seen.length - 1].shown = shown(module.elements);
  }
  const result = {
    modules: seen,
    shell: shown(shellElements),
    current: shell.KursbuchCourse.current(),
    summary: shell.KursbuchCourse.summary(),
    problems: shell.KursbuchCourse.problems.slice(),
    menu: links.map((a) => [a.getAttribute("data-kb-module"), a.getAttribute("aria-current")]),
    states: job.shell.modules.map((m) => shellElements["kb-state-" + m.id].textContent),
    course_result: shellElements["kb-course-result"].textContent,
    module_problems: module ? module.win.KursbuchScorm.problems.slice() : [],
  };
  if (!launch.killed) {
    shell.fire("pagehide"); // the page is left: the shell finishes the module shown, then the LMS session
    unloadModule();
  }
  out.launches.push(result);
  out.calls.push(player.calls);
  now += 1000;
}
out.tracks = tracks;
out.storage = storage;
process.stdout.write(JSON.stringify(out));
