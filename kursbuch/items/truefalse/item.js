/* True or false (kursbuch/items/truefalse): statements judged one by one, credit per statement. */
(function (E) {
  "use strict";
  var T = {
    statementTrue: "trifft zu",
    statementFalse: "trifft nicht zu",
    yourJudgement: "Ihre Einschätzung",
    judgedRight: "richtig eingeschätzt",
    judgedWrong: "nicht richtig eingeschätzt"
  };

  var inOrder = E.ui.inOrder;

  E.registerItem({
    type: "truefalse",
    scored: true,
    score: function (item, answer) {
      var given = E.ui.isObj(answer) ? answer : {}, right = 0;
      item.statements.forEach(function (s) { if (given[s.id] === s.correct) right++; });
      return item.points * right / item.statements.length;
    },
    isAnswered: function (item, answer) {
      return E.ui.isObj(answer) && item.statements.every(function (s) { return typeof answer[s.id] === "boolean"; });
    },
    interaction: function (item, answer) {
      var parts = E.ui.isObj(answer) ? Object.keys(answer).sort().map(function (k) { return [k, answer[k] ? "t" : "f"]; }) : [];
      return { type: "matching", parts: parts };
    },
    view: function (ctx) {
      var h = ctx.ui.h, inputs = [];
      var outer = h("fieldset", { className: "kb-statements" }, ctx.legend());
      inOrder(ctx.item.statements, ctx.order).forEach(function (s) { // shuffled unless settings.shuffle: false
        var name = ctx.base + "-" + s.id;
        var group = h("fieldset", { className: "kb-statement" }, h("legend", { html: s.text }));
        [[true, T.statementTrue], [false, T.statementFalse]].forEach(function (pair) {
          var id = name + "-" + (pair[0] ? "t" : "f");
          var input = h("input", { type: "radio", name: name, id: id, value: String(pair[0]), onchange: function () {
            var a = E.ui.isObj(ctx.answer()) ? ctx.answer() : {};
            a[s.id] = pair[0];
            ctx.setAnswer(a);
          } });
          input.kbStatement = s.id;
          inputs.push(input);
          group.appendChild(h("span", { className: "kb-option kb-inline" }, input, h("label", { "for": id, text: pair[1] })));
        });
        outer.appendChild(group);
      });
      return {
        el: outer,
        update: function (locked) {
          var a = E.ui.isObj(ctx.answer()) ? ctx.answer() : {};
          inputs.forEach(function (x) { x.checked = a[x.kbStatement] === (x.value === "true"); x.disabled = locked; });
        }
      };
    },
    feedback: function (item, answer, ui, order) {
      var ul = ui.feedbackList();
      inOrder(item.statements, order).forEach(function (s) {
        var ok = answer[s.id] === s.correct;
        var label = T.yourJudgement + ": " + (answer[s.id] ? T.statementTrue : T.statementFalse) + ", " + (ok ? T.judgedRight : T.judgedWrong);
        ul.appendChild(ui.feedbackItem(ok, label, s.text, s.feedback));
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
