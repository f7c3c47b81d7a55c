/* Situational judgement (kursbuch/items/judgement): a situation and 3–5 possible responses, each
   rated on a 4-point scale; scored by closeness to the expert rating, as kursbuch/items/judgement.
   The answer is {response id: rating}, 0 = sehr geeignet … 3 = ungeeignet (compact in SCORM). */
(function (E) {
  "use strict";
  var SCALE = ["sehr geeignet", "eher geeignet", "eher ungeeignet", "ungeeignet"];
  var STEPS = SCALE.length - 1;
  var T = {
    response: function (i) { return "Reaktion " + i; },
    yours: function (label) { return "Ihre Einschätzung: " + label; },
    expert: function (label) { return "Fachleute: " + label; },
    same: "übereinstimmend",
    off: function (d) { return d === 1 ? "1 Stufe daneben" : d + " Stufen daneben"; },
    none: "nicht bewertet"
  };

  /** A stored rating (0 … 3) or null; true/false and other values are not ratings. */
  function rating(value) {
    return typeof value === "number" && value >= 0 && value <= STEPS && value % 1 === 0 ? value : null;
  }

  function given(answer) { return E.ui.isObj(answer) ? answer : {}; }

  var inOrder = E.ui.inOrder;

  E.registerItem({
    type: "judgement",
    scored: true,
    scale: SCALE,
    // points × Σ (3 − |given − expert|) ÷ (3 × responses), in the order of kursbuch/items/judgement.
    score: function (item, answer) {
      var a = given(answer), total = 0;
      item.responses.forEach(function (r) {
        var v = rating(a[r.id]);
        if (v !== null) total += STEPS - Math.abs(v - SCALE.indexOf(r.expert));
      });
      return item.points * total / (STEPS * item.responses.length);
    },
    isAnswered: function (item, answer) {
      var a = given(answer);
      return E.ui.isObj(answer) && item.responses.every(function (r) { return rating(a[r.id]) !== null; });
    },
    interaction: function (item, answer) {
      var a = given(answer), parts = [];
      item.responses.forEach(function (r) { if (rating(a[r.id]) !== null) parts.push([r.id, String(a[r.id])]); });
      return { type: "matching", parts: parts };
    },
    view: function (ctx) {
      var h = ctx.ui.h, item = ctx.item, inputs = [];
      var outer = h("fieldset", { className: "kb-judgement" }, ctx.legend(),
        h("div", { className: "kb-situation", html: item.situation }));
      inOrder(item.responses, ctx.order).forEach(function (r, i) { // shuffled unless settings.shuffle: false; the scale as written
        var name = ctx.base + "-" + r.id;
        var group = h("fieldset", { className: "kb-response", "data-kb-response": r.id },
          h("legend", {}, h("span", { className: "kb-response-num", text: T.response(i + 1) + ": " }), h("span", { html: r.text })));
        var row = h("div", { className: "kb-rating-row" });
        SCALE.forEach(function (label, value) {
          var id = name + "-" + value;
          var input = h("input", { type: "radio", name: name, id: id, value: String(value), onchange: function () {
            var a = {}, old = given(ctx.answer());
            Object.keys(old).forEach(function (k) { a[k] = old[k]; });
            a[r.id] = value;
            ctx.setAnswer(a);
          } });
          input.kbResponse = r.id;
          inputs.push(input);
          row.appendChild(h("span", { className: "kb-option kb-rating-option" }, input, h("label", { "for": id, text: label })));
        });
        group.appendChild(row);
        outer.appendChild(group);
      });
      return {
        el: outer,
        update: function (locked) {
          var a = given(ctx.answer());
          inputs.forEach(function (x) { x.checked = a[x.kbResponse] === Number(x.value); x.disabled = locked; });
        }
      };
    },
    feedback: function (item, answer, ui, order) {
      var ul = ui.feedbackList(), a = given(answer);
      inOrder(item.responses, order).forEach(function (r, i) {
        var v = rating(a[r.id]), expert = SCALE.indexOf(r.expert);
        var d = v === null ? null : Math.abs(v - expert);
        var label = (v === null ? T.none : T.yours(SCALE[v])) + ", " + T.expert(r.expert) +
          (d === null ? "" : " (" + (d === 0 ? T.same : T.off(d)) + ")");
        var li = ui.feedbackItem(d === 0, label, T.response(i + 1) + ": " + r.text, r.feedback);
        if (d !== null && d > 0 && d < STEPS) { // near the expert rating: partly right, not wrong
          li.className = "kb-fb-near";
          li.firstChild.textContent = "≈";
        }
        ul.appendChild(li);
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
