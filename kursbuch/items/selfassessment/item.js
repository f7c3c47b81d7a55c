/* Self-assessment (kursbuch/items/selfassessment): a point on a scale for the learner alone. */
(function (E) {
  "use strict";
  var T = {
    privateNote: "Ihre Eingabe wird nur in diesem Browser gespeichert und nicht bewertet oder übermittelt."
  };

  E.registerItem({
    type: "selfassessment",
    scored: false,
    isAnswered: function (item, answer) { return typeof answer === "number"; },
    view: function (ctx) {
      var h = ctx.ui.h, item = ctx.item, inputs = [];
      var fs = h("fieldset", { className: "kb-scale" }, ctx.legend());
      var row = h("div", { className: "kb-scale-row" });
      for (var v = item.scale.min; v <= item.scale.max; v++) {
        (function (value) {
          var id = ctx.base + "-" + value;
          var label = String(value);
          if (value === item.scale.min) label += " – " + ctx.ui.plain(item.scale.min_label);
          if (value === item.scale.max) label += " – " + ctx.ui.plain(item.scale.max_label);
          var input = h("input", { type: "radio", name: ctx.base, id: id, value: String(value), onchange: function () { ctx.setAnswer(value); } });
          inputs.push(input);
          row.appendChild(h("span", { className: "kb-option kb-inline" }, input, h("label", { "for": id, text: label })));
        })(v);
      }
      fs.appendChild(row);
      fs.appendChild(h("p", { className: "kb-private", text: T.privateNote }));
      return {
        el: fs,
        update: function () { inputs.forEach(function (x) { x.checked = Number(x.value) === ctx.answer(); }); }
      };
    }
  });
})(globalThis.KursbuchEngine);
