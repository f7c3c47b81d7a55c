/*
 * Kursbuch live: the participant's page. Plain ES5 (it runs in old phone browsers), no library.
 *
 * Joins the session of the code in <main data-code>, keeps the anonymous token the server gives in
 * this browser's storage (so a reload or a lost connection keeps the vote), shows the current
 * decision numbered as on the projector, and sends the vote; the vote counts once the server
 * answers "voted". The messages travel by transport.js (a WebSocket that reconnects by itself, else
 * long polling), which the page loads before this file.
 */
(function () {
  "use strict";

  var main = document.getElementById("live");
  var code = main.getAttribute("data-code");
  var stage = document.getElementById("stage");
  var connLine = document.getElementById("conn");
  var TOKEN_KEY = "kursbuch-live:" + code;
  var state = null;      // the last view from the server
  var pending = null;    // {round, choice} sent but not yet confirmed
  var transport = null;  // transport.js: send(msg) is false while the connection is down
  var retryTimer = null;

  if (!code) {
    document.getElementById("join").hidden = false;
    if (main.getAttribute("data-status") !== "200") document.getElementById("join-problem").hidden = false;
    return;
  }

  function loadToken() {
    try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function saveToken(t) {
    try { window.localStorage.setItem(TOKEN_KEY, t); } catch (e) { /* private mode: the vote holds while the page is open */ }
  }

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }

  function setConn(text, off) {
    connLine.textContent = text;
    connLine.className = off ? "conn off" : "conn";
  }

  // ------------------------------------------------------------------ view

  function statusText() {
    if (!state || state.phase !== "vote" && state.phase !== "decided") return "";
    if (state.phase === "decided") return "Die Gruppe hat entschieden: Möglichkeit " + state.chosen + ".";
    var mine = pending ? pending.choice : state.mine;
    var n = numberOf(mine);
    if (!state.open) return n ? "Die Abstimmung ist geschlossen. Ihre Stimme: Möglichkeit " + n + "." : "Die Abstimmung ist geschlossen.";
    if (pending) return "Ihre Stimme für Möglichkeit " + n + " wird gesendet …";
    if (n) return "Ihre Stimme: Möglichkeit " + n + ". Sie können sie ändern, bis die Abstimmung geschlossen wird.";
    return "Bitte wählen Sie eine Möglichkeit.";
  }

  function numberOf(id) {
    if (!id || !state || !state.choices) return 0;
    for (var i = 0; i < state.choices.length; i++) if (state.choices[i].id === id) return state.choices[i].n;
    return 0;
  }

  var shownRound = -1;

  function render() {
    document.getElementById("title").textContent = state.title || "Abstimmung";
    if (state.round !== shownRound || !stage.querySelector(".choices") && (state.phase === "vote" || state.phase === "decided")) {
      shownRound = state.round;
      build();
    }
    update();
  }

  function build() {
    while (stage.firstChild) stage.removeChild(stage.firstChild);
    if (state.phase === "intro") {
      stage.appendChild(el("h2", "", "Gleich geht es los"));
      stage.appendChild(el("p", "note", "Die erste Entscheidung erscheint hier, sobald die Moderation den Fall beginnt. Sie brauchen nichts neu zu laden."));
      return;
    }
    if (state.phase === "ending") {
      stage.appendChild(el("h2", "", "Ende des Falls: " + state.node));
      stage.appendChild(el("p", "note", "Danke fürs Mitmachen! Die Auswertung sehen Sie auf der Leinwand."));
      return;
    }
    var h = el("h2", "", "Entscheidung " + state.step + ": " + state.node);
    h.id = "decision";
    stage.appendChild(h);
    var prompt = el("p", "prompt");
    prompt.id = "prompt";
    prompt.innerHTML = state.prompt; // the course's own text, rendered and escaped by the build
    stage.appendChild(prompt);
    var list = el("ul", "choices");
    list.setAttribute("aria-labelledby", "prompt");
    for (var i = 0; i < state.choices.length; i++) {
      var c = state.choices[i];
      var b = el("button", "choice");
      b.type = "button";
      b.setAttribute("data-id", c.id);
      b.setAttribute("aria-pressed", "false");
      var num = el("span", "num", String(c.n));
      num.setAttribute("aria-hidden", "true");
      b.appendChild(num);
      b.appendChild(el("span", "sr", "Möglichkeit " + c.n + ": "));
      var text = el("span", "text");
      text.innerHTML = c.text;
      b.appendChild(text);
      b.onclick = vote;
      var li = el("li");
      li.appendChild(b);
      list.appendChild(li);
    }
    stage.appendChild(list);
    stage.appendChild(el("p", "status note"));
  }

  function update() {
    var mine = pending ? pending.choice : state.mine;
    var buttons = stage.querySelectorAll(".choice");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      b.setAttribute("aria-pressed", b.getAttribute("data-id") === mine ? "true" : "false");
      b.disabled = !state.open;
    }
    var st = stage.querySelector(".status");
    if (st) st.textContent = statusText();
  }

  function vote(ev) {
    var id = ev.currentTarget.getAttribute("data-id");
    if (!state || !state.open) return;
    pending = { round: state.round, choice: id };
    update();
    sendVote();
  }

  function sendVote() {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    // While the connection is down the vote stays pending: it goes out with the next state after reconnecting.
    if (pending && transport) transport.send({ type: "vote", round: pending.round, choice: pending.choice });
  }

  // -------------------------------------------------------------- messages

  function onMessage(msg) {
    if (msg.type === "welcome") {
      saveToken(msg.token);
      setConn("Verbunden.", false);
    } else if (msg.type === "state") {
      if (pending && pending.round !== msg.round) pending = null;
      state = msg;
      render();
      if (pending && state.open) sendVote(); // a vote sent while the connection was down
    } else if (msg.type === "voted") {
      if (pending && pending.round === msg.round && pending.choice === msg.choice) pending = null;
      if (state && state.round === msg.round) state.mine = msg.choice;
      if (state) update();
    } else if (msg.type === "error") {
      if (msg.code === "unavailable" && pending) {
        retryTimer = setTimeout(sendVote, 2000); // the server's store is restarting: try again
      } else if (msg.code === "closed") {
        pending = null;
        if (state) { state.open = false; update(); }
      } else if (msg.code === "unknown") {
        setConn(msg.message, true);
      }
      if (msg.code !== "unavailable" && msg.code !== "closed") setConn(msg.message, msg.code === "unknown");
    }
  }

  function hello() {
    var t = loadToken();
    return t ? { type: "hello", token: t } : { type: "hello" };
  }

  setConn("Verbindung wird aufgebaut …", false);
  transport = window.KursbuchLiveTransport({
    role: "p",
    code: code,
    hello: hello,
    onMessage: onMessage,
    onLost: function () { setConn("Verbindung unterbrochen. Neuer Versuch …", true); }
  });
})();
