/* Single choice (kursbuch/items/single): one correct option among several, full points or none. */
(function (E) {
  "use strict";
  var T = {
    yourChoice: "Ihre Wahl",
    notChosen: "nicht gewählt",
    shouldChoose: "gehört zur richtigen Antwort",
    shouldNotChoose: "gehört nicht zur richtigen Antwort"
  };

  var inOrder = E.ui.inOrder;

  E.registerItem({
    type: "single",
    scored: true,
    score: function (item, answer) { return answer === item.answer ? item.points : 0; },
    isAnswered: function (item, answer) { return typeof answer === "string"; },
    interaction: function (item, answer) { return { type: "choice", parts: typeof answer === "string" ? [answer] : [] }; },
    view: function (ctx) {
      var h = ctx.ui.h, inputs = [];
      var fs = h("fieldset", { className: "kb-choices" }, ctx.legend());
      inOrder(ctx.item.options, ctx.order).forEach(function (o) { // shuffled unless settings.shuffle: false
        var id = ctx.base + "-" + o.id;
        var input = h("input", { type: "radio", name: ctx.base, id: id, value: o.id, onchange: function () { ctx.setAnswer(o.id); } });
        inputs.push(input);
        fs.appendChild(h("div", { className: "kb-option" }, input, h("label", { "for": id, html: o.text })));
      });
      return {
        el: fs,
        update: function (locked) {
          inputs.forEach(function (x) { x.checked = ctx.answer() === x.value; x.disabled = locked; });
        }
      };
    },
    feedback: function (item, answer, ui, order) {
      var ul = ui.feedbackList();
      inOrder(item.options, order).forEach(function (o) {
        var picked = answer === o.id, right = item.answer === o.id;
        var label = (picked ? T.yourChoice : T.notChosen) + ", " + (right ? T.shouldChoose : T.shouldNotChoose);
        ul.appendChild(ui.feedbackItem(picked === right, label, o.text, o.feedback));
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
