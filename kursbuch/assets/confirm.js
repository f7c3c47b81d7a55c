/*
 * Kursbuch inline confirmation for the buttons that delete a learner's data in the browser ("Meine
 * Daten in diesem Browser löschen" on a module's launch page and on the course package's shell):
 * globalThis.KursbuchConfirm.askFirst(button, {ask, yes, no}, act). A click on the button opens a
 * group after it (after its paragraph, if it sits in one) with the question and two buttons;
 * `act` runs only after `yes`; `no` or Escape closes the group and returns the focus to the button.
 * Inline, not window.confirm: an LMS may run the page in a frame that blocks dialogs. Loaded before
 * the script that wires the button (scorm.js, course-sco.js); the page's CSS styles .kb-confirm.
 */
(function (root) {
  "use strict";

  var doc = root.document;

  function button(text) {
    var b = doc.createElement("button");
    b.type = "button";
    b.className = "kb-btn";
    b.textContent = text;
    return b;
  }

  function askFirst(btn, texts, act) {
    var id = (btn.id || "kb-delete") + "-confirm";
    var box = doc.createElement("div");
    box.className = "kb-confirm";
    box.id = id;
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", id + "-ask");
    box.hidden = true;
    var q = doc.createElement("p");
    q.id = id + "-ask";
    q.textContent = texts.ask;
    var yes = button(texts.yes);
    var no = button(texts.no);
    box.appendChild(q);
    box.appendChild(yes);
    box.appendChild(no);
    var after = btn.parentNode && btn.parentNode.tagName === "P" ? btn.parentNode : btn; // no block inside a paragraph
    after.parentNode.insertBefore(box, after.nextSibling);
    btn.setAttribute("aria-expanded", "false");
    btn.setAttribute("aria-controls", id);
    function close() { box.hidden = true; btn.setAttribute("aria-expanded", "false"); btn.focus(); }
    btn.addEventListener("click", function () { box.hidden = false; btn.setAttribute("aria-expanded", "true"); no.focus(); });
    no.addEventListener("click", close);
    yes.addEventListener("click", function () { act(); close(); });
    box.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
  }

  root.KursbuchConfirm = { askFirst: askFirst };
})(typeof globalThis !== "undefined" ? globalThis : this);
