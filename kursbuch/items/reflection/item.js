/* Reflection (kursbuch/items/reflection): free text for the learner alone, never scored or sent. */
(function (E) {
  "use strict";
  var T = {
    privateNote: "Ihre Eingabe wird nur in diesem Browser gespeichert und nicht bewertet oder übermittelt.",
    saved: "Gespeichert (nur in diesem Browser)."
  };
  var PAUSE_MS = 1000; // "Gespeichert" is announced once per pause in typing, not on every keystroke

  E.registerItem({
    type: "reflection",
    scored: false,
    isAnswered: function (item, answer) { return typeof answer === "string" && answer.trim() !== ""; },
    view: function (ctx) {
      var h = ctx.ui.h, taId = ctx.base + "-text";
      var status = h("p", { className: "kb-hint kb-saved", role: "status" });
      var timer = null;
      var ta = h("textarea", { id: taId, rows: "5", "aria-describedby": ctx.base + "-private", oninput: function () {
        ctx.setAnswer(ta.value); // saved at once; only the message waits for the pause
        if (timer) globalThis.clearTimeout(timer);
        else status.textContent = ""; // emptied when typing starts, so the same words are announced again
        timer = globalThis.setTimeout(function () { timer = null; status.textContent = T.saved; }, PAUSE_MS);
      } });
      var el = h("div", { className: "kb-reflection" },
        h("label", { "for": taId }, h("span", { className: "kb-qnum", text: ctx.number }), " ", h("span", { className: "kb-prompt", html: ctx.item.prompt })),
        ta,
        h("p", { className: "kb-private", id: ctx.base + "-private", text: T.privateNote }),
        status);
      return {
        el: el,
        update: function () { var a = ctx.answer(); ta.value = typeof a === "string" ? a : ""; }
      };
    }
  });
})(globalThis.KursbuchEngine);
