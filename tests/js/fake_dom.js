// The few DOM element features the package runtimes touch, for the node runners that emulate an
// LMS player (run_in_moodle.js, run_course_in_moodle.js): text, hidden, attributes, click handlers.
"use strict";

function element(extra) {
  const attrs = {};
  const handlers = {};
  return Object.assign({
    textContent: "", hidden: true,
    setAttribute: (k, v) => { attrs[k] = String(v); },
    getAttribute: (k) => (k in attrs ? attrs[k] : null),
    removeAttribute: (k) => { delete attrs[k]; },
    addEventListener: (t, fn) => { (handlers[t] = handlers[t] || []).push(fn); },
    click: () => { const ev = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } }; (handlers.click || []).forEach((fn) => fn(ev)); return ev; },
  }, extra || {});
}

module.exports = { element };
