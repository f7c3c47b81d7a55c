// The few DOM element features the package runtimes touch, for the node runners that emulate an
// LMS (run_lms_runtime.js, run_in_moodle.js, run_course_in_moodle.js): elements (text, hidden, attributes, click
// handlers, elements a script creates) and a window with its document, listeners, timers and localStorage.
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
    focus: () => {},
    classList: { add: () => {}, remove: () => {} },
    appendChild: () => {},
    insertBefore: () => {},
    parentNode: { tagName: "DIV", insertBefore: () => {} }, // where a script may put an element beside it
  }, extra || {});
}

/** A window: its document's elements by id, its listeners, its timers (due ones run by the runner),
 *  localStorage over the plain object ``storage``, Date.now() from ``clock``. */
function fakeWindow({ parent, elements, selectorAll, storage, clock }) {
  const listeners = {};
  const win = {};
  const doc = {
    visibilityState: "visible",
    getElementById: (id) => elements[id] || null,
    querySelector: () => null,
    // Elements a script makes (an inline confirmation): kept in win.created for the runner to click.
    createElement: (tag) => {
      const el = element({ tagName: String(tag).toUpperCase() });
      // a link resolves its href: here the path as given (the runners name pages by their path)
      if (el.tagName === "A") Object.defineProperty(el, "href", { set: (v) => { el.pathname = String(v); }, get: () => el.pathname });
      win.created.push(el);
      return el;
    },
    querySelectorAll: selectorAll || (() => []),
    addEventListener: (type, fn) => { (listeners["doc:" + type] = listeners["doc:" + type] || []).push(fn); },
  };
  win.timers = [];
  win.created = [];
  let nextTimer = 1;
  Object.assign(win, {
    document: doc,
    JSON, Math, Object, Array, String, Number, parseInt, isNaN, isFinite, encodeURIComponent,
    Date: { now: clock },
    localStorage: {
      getItem: (k) => (k in storage ? storage[k] : null),
      setItem: (k, v) => { storage[k] = String(v); },
      removeItem: (k) => { delete storage[k]; },
    },
    setTimeout: (fn, ms) => { const id = nextTimer++; win.timers.push({ id, at: clock() + ms, fn }); return id; },
    clearTimeout: (id) => { win.timers = win.timers.filter((t) => t.id !== id); },
    addEventListener: (type, fn) => { (listeners[type] = listeners[type] || []).push(fn); },
    fire: (type) => (listeners[type] || []).forEach((fn) => fn({ type })),
    fireDoc: (type) => (listeners["doc:" + type] || []).forEach((fn) => fn({ type })),
  });
  win.globalThis = win;
  win.window = win;
  win.parent = parent || win;
  win.opener = null;
  return win;
}

module.exports = { element, fakeWindow };
