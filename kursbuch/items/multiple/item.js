/* Multiple choice (kursbuch/items/multiple): several correct options, partial credit. */
(function (E) {
  "use strict";
  var T = {
    yourChoice: "Ihre Wahl",
    notChosen: "nicht gewählt",
    shouldChoose: "gehört zur richtigen Antwort",
    shouldNotChoose: "gehört nicht zur richtigen Antwort"
  };

  var inOrder = E.ui.inOrder;

  function chosenIds(answer) {
    return Array.isArray(answer) ? answer.filter(function (x) { return typeof x === "string"; }) : [];
  }

  E.registerItem({
    type: "multiple",
    scored: true,
    // points × max(0, hits − misses) ÷ number of correct options, as kursbuch/items/multiple.
    score: function (item, answer) {
      if (!Array.isArray(answer)) return 0;
      var chosen = {}, hits = 0, misses = 0;
      chosenIds(answer).forEach(function (a) { chosen[a] = true; });
      Object.keys(chosen).forEach(function (a) {
        if (item.answer.indexOf(a) >= 0) hits++; else misses++;
      });
      var right = Math.max(0, hits - misses), total = item.answer.length;
      return total ? item.points * right / total : 0;
    },
    isAnswered: function (item, answer) { return Array.isArray(answer) && answer.length > 0; },
    interaction: function (item, answer) { return { type: "choice", parts: chosenIds(answer) }; },
    view: function (ctx) {
      var h = ctx.ui.h, inputs = [];
      var fs = h("fieldset", { className: "kb-choices" }, ctx.legend());
      inOrder(ctx.item.options, ctx.order).forEach(function (o) { // shuffled unless settings.shuffle: false
        var id = ctx.base + "-" + o.id;
        var input = h("input", { type: "checkbox", name: ctx.base, id: id, value: o.id, onchange: function () {
          ctx.setAnswer(inputs.filter(function (x) { return x.checked; }).map(function (x) { return x.value; }));
        } });
        inputs.push(input);
        fs.appendChild(h("div", { className: "kb-option" }, input, h("label", { "for": id, html: o.text })));
      });
      return {
        el: fs,
        update: function (locked) {
          var a = chosenIds(ctx.answer());
          inputs.forEach(function (x) { x.checked = a.indexOf(x.value) >= 0; x.disabled = locked; });
        }
      };
    },
    feedback: function (item, answer, ui, order) {
      var ul = ui.feedbackList(), chosen = chosenIds(answer);
      inOrder(item.options, order).forEach(function (o) {
        var picked = chosen.indexOf(o.id) >= 0, right = item.answer.indexOf(o.id) >= 0;
        var label = (picked ? T.yourChoice : T.notChosen) + ", " + (right ? T.shouldChoose : T.shouldNotChoose);
        ul.appendChild(ui.feedbackItem(picked === right, label, o.text, o.feedback));
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
