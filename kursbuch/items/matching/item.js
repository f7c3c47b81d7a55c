/* Matching (kursbuch/items/matching): entries assigned to categories, credit per entry. */
(function (E) {
  "use strict";
  var T = {
    chooseCategory: "Bitte wählen",
    assignedRight: "richtig zugeordnet",
    assignedWrong: function (label) { return "nicht richtig zugeordnet, richtig ist: " + label; }
  };

  var inOrder = E.ui.inOrder;

  E.registerItem({
    type: "matching",
    scored: true,
    score: function (item, answer) {
      var assigned = E.ui.isObj(answer) ? answer : {}, right = 0;
      item.entries.forEach(function (e) { if (assigned[e.id] === e.category) right++; });
      return item.points * right / item.entries.length;
    },
    isAnswered: function (item, answer) {
      return E.ui.isObj(answer) && item.entries.every(function (e) { return typeof answer[e.id] === "string"; });
    },
    interaction: function (item, answer) {
      var parts = E.ui.isObj(answer) ? Object.keys(answer).sort().map(function (k) { return [k, String(answer[k])]; }) : [];
      return { type: "matching", parts: parts };
    },
    view: function (ctx) {
      var h = ctx.ui.h, selects = [];
      var fs = h("fieldset", { className: "kb-matching" }, ctx.legend());
      inOrder(ctx.item.entries, ctx.order).forEach(function (e) { // entries shuffled, categories as written
        var id = ctx.base + "-" + e.id;
        var select = h("select", { id: id, onchange: function () {
          var a = E.ui.isObj(ctx.answer()) ? ctx.answer() : {};
          if (select.value) a[e.id] = select.value; else delete a[e.id];
          ctx.setAnswer(a);
        } }, h("option", { value: "", text: T.chooseCategory }));
        ctx.item.categories.forEach(function (c) { select.appendChild(h("option", { value: c.id, html: c.label })); });
        select.kbEntry = e.id;
        selects.push(select);
        fs.appendChild(h("div", { className: "kb-match-row" }, h("label", { "for": id, html: e.text }), select));
      });
      return {
        el: fs,
        update: function (locked) {
          var a = E.ui.isObj(ctx.answer()) ? ctx.answer() : {};
          selects.forEach(function (x) { x.value = a[x.kbEntry] || ""; x.disabled = locked; });
        }
      };
    },
    feedback: function (item, answer, ui, order) {
      var ul = ui.feedbackList(), labels = {};
      item.categories.forEach(function (c) { labels[c.id] = ui.plain(c.label); });
      inOrder(item.entries, order).forEach(function (e) {
        var ok = answer[e.id] === e.category;
        ul.appendChild(ui.feedbackItem(ok, ok ? T.assignedRight + " (" + labels[e.category] + ")" : T.assignedWrong(labels[e.category]), e.text, e.feedback));
      });
      return ul;
    }
  });
})(globalThis.KursbuchEngine);
