/* Ordering (kursbuch/items/ordering): steps put in sequence with up/down buttons, credit per step
   at its place. The steps first appear in the learner's own seeded order (ctx.order), or, with
   settings.shuffle: false, in a fixed order derived from the ids; never in the solution's order. */
(function (E) {
  "use strict";
  var T = {
    up: "Nach oben",
    down: "Nach unten",
    position: function (i, n) { return "Position " + i + " von " + n; },
    moved: function (text, i, n) { return text + " steht jetzt an Position " + i + " von " + n + "."; },
    atRightPlace: function (i, n) { return "von Ihnen an Position " + i + " von " + n + " gesetzt: an der richtigen Stelle"; },
    atWrongPlace: function (yours, right, n) {
      return (yours ? "von Ihnen an Position " + yours + " von " + n + " gesetzt" : "nicht eingeordnet") + ", gehört an Position " + right;
    }
  };

  function fnv1a(str) {
    var h = 0x811c9dc5;
    for (var i = 0; i < str.length; i++) {
      h ^= str.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  /** The fixed start order (settings.shuffle: false, or no seeded order at hand): never the solution. */
  function initialOrder(item) {
    var ids = item.steps.map(function (s) { return s.id; });
    var shown = ids.slice().sort(function (a, b) {
      return fnv1a(item.id + ":" + a) - fnv1a(item.id + ":" + b) || (a < b ? -1 : 1);
    });
    if (shown.join("\u0000") === ids.join("\u0000")) shown.push(shown.shift());
    return shown;
  }

  /** The start order the learner sees: seeded per learner and attempt, never the solution. */
  function startOrder(item, order) {
    var ids = item.steps.map(function (s) { return s.id; });
    return order && order.shuffled ? order(ids, ids) : initialOrder(item);
  }

  E.registerItem({
    type: "ordering",
    scored: true,
    initialOrder: initialOrder,
    startOrder: startOrder,
    score: function (item, answer) {
      var order = Array.isArray(answer) ? answer : [], right = 0;
      for (var i = 0; i < item.steps.length; i++) if (i < order.length && order[i] === item.steps[i].id) right++;
      return item.points * right / item.steps.length;
    },
    isAnswered: function (item, answer) { return Array.isArray(answer) && answer.length === item.steps.length; },
    interaction: function (item, answer) {
      return { type: "sequencing", parts: Array.isArray(answer) ? answer.filter(function (x) { return typeof x === "string"; }) : [] };
    },
    view: function (ctx) {
      var h = ctx.ui.h, item = ctx.item, base = ctx.base, locked = false;
      var announce = h("p", { className: "kb-sr", role: "status" });
      var list = h("ol", { className: "kb-order" });
      var fs = h("fieldset", { className: "kb-ordering" }, ctx.legend(), list, announce);
      var byId = {};
      item.steps.forEach(function (s) { byId[s.id] = s; });
      function current() {
        var a = ctx.answer();
        return Array.isArray(a) && a.length === item.steps.length && a.every(function (x) { return byId[x]; }) ? a.slice() : startOrder(item, ctx.order);
      }
      function move(stepId, delta) {
        var order = current();
        var i = order.indexOf(stepId), j = i + delta;
        if (j < 0 || j >= order.length) return;
        order.splice(i, 1);
        order.splice(j, 0, stepId);
        ctx.setAnswer(order);
        draw();
        announce.textContent = T.moved(ctx.ui.plain(byId[stepId].text), j + 1, order.length);
        var again = list.querySelector('[data-kb-step="' + stepId + '"] .kb-' + (delta < 0 ? "up" : "down"));
        if (again && !again.disabled) again.focus();
        else { again = list.querySelector('[data-kb-step="' + stepId + '"] button:not([disabled])'); if (again) again.focus(); }
      }
      function draw() {
        ctx.ui.clear(list);
        var order = current();
        order.forEach(function (sid, i) {
          var textId = base + "-" + sid + "-t";
          var up = h("button", { type: "button", className: "kb-btn kb-small kb-up", "aria-describedby": textId, text: T.up, onclick: function () { move(sid, -1); } });
          var down = h("button", { type: "button", className: "kb-btn kb-small kb-down", "aria-describedby": textId, text: T.down, onclick: function () { move(sid, 1); } });
          up.disabled = i === 0 || locked;
          down.disabled = i === order.length - 1 || locked;
          list.appendChild(h("li", { "data-kb-step": sid },
            h("span", { className: "kb-step-text", id: textId, html: byId[sid].text }),
            h("span", { className: "kb-step-buttons" }, up, down)));
        });
      }
      return {
        el: fs,
        update: function (isLocked) { locked = isLocked; draw(); },
        shownAnswer: current // checking without a move: the order as shown is the answer
      };
    },
    // In the learner's order: where the learner put each step, and where it belongs.
    feedback: function (item, answer, ui) {
      var ul = ui.feedbackList(), given = Array.isArray(answer) ? answer : [], n = item.steps.length;
      var right = {}, byId = {};
      item.steps.forEach(function (s, i) { right[s.id] = i + 1; byId[s.id] = s; });
      var shown = given.filter(function (id) { return byId[id]; });
      item.steps.forEach(function (s) { if (shown.indexOf(s.id) < 0) shown.push(s.id); });
      shown.forEach(function (id) {
        var s = byId[id], yours = given.indexOf(id) + 1, ok = yours === right[id];
        ul.appendChild(ui.feedbackItem(ok, ok ? T.atRightPlace(yours, n) : T.atWrongPlace(yours, right[id], n), s.text, s.feedback));
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
