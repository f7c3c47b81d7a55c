/*
 * Kursbuch live: the presenter's page. Opens the engine's presentation mode (KursbuchEngine.present)
 * with a remote: the live server holds the state, this file carries the messages. The session's
 * presenter key comes from the URL's fragment (#k=…), which browsers never send in a request.
 * The messages travel by transport.js, as on the participant's page (a WebSocket that reconnects,
 * else long polling), which the page loads before this file.
 */
(function () {
  "use strict";

  var spec = JSON.parse(document.getElementById("kb-live-spec").textContent);
  var info = JSON.parse(document.getElementById("kb-live-info").textContent);
  var problem = document.getElementById("kb-live-problem");
  var reopenBtn = document.getElementById("kb-live-reopen");
  var match = /[#&]k=([^&]+)/.exec(location.hash);
  var key = match ? decodeURIComponent(match[1]) : "";
  var handlers = null, transport = null, queue = [];

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }

  function showProblem(text) {
    problem.textContent = text;
    problem.hidden = false;
  }

  if (!key) {
    showProblem("Der Moderationsschlüssel fehlt in der Adresse. Öffnen Sie die Adresse, die `kursbuch live` beim Start ausgibt.");
    return;
  }

  // The join panel: QR code, code and address, connection state.
  var panel = el("div", "kb-live-panel");
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "Mitmachen");
  var qr = el("div", "kb-live-qr");
  qr.innerHTML = info.qr; // made by the server (segno) from the join address
  var words = el("div");
  var codeLine = el("p", "kb-live-code", "Code: ");
  codeLine.appendChild(el("strong", "", info.code));
  var urlLine = el("p", "", "Mitmachen: ");
  urlLine.appendChild(el("span", "kb-live-url", info.join));
  var connLine = el("p", "kb-live-conn", "Verbindung wird aufgebaut …");
  words.appendChild(codeLine);
  words.appendChild(urlLine);
  words.appendChild(connLine);
  panel.appendChild(qr);
  panel.appendChild(words);

  function setConn(text, off) {
    connLine.textContent = text;
    connLine.className = off ? "kb-live-conn kb-off" : "kb-live-conn";
  }

  function send(msg) {
    if (!transport || !transport.send(msg)) queue.push(msg); // sent once the connection is back
  }

  function onMessage(msg) {
    if (msg.type === "welcome") {
      setConn("Verbunden.", false);
      while (queue.length && transport.send(queue[0])) queue.shift();
    } else if (msg.type === "state") {
      if (handlers) handlers.state(msg);
    } else if (msg.type === "counts") {
      if (handlers) handlers.counts(msg);
    } else if (msg.type === "notice") {
      if (handlers) handlers.notice(msg.notice);
    } else if (msg.type === "error") {
      if (msg.code === "key" || msg.code === "unknown") setConn(msg.message, true);
      else if (msg.code !== "refused") setConn(msg.message, false);
    }
  }

  function hello() { return { type: "hello", key: key }; }

  var last = null;

  function open() {
    reopenBtn.hidden = true;
    var remote = {
      seed: info.seed,
      panel: panel,
      embedded: window.self !== window.top,
      send: send,
      attach: function (h) {
        handlers = {
          state: function (s) { last = s; h.state(s); },
          counts: h.counts,
          notice: h.notice
        };
        if (last) h.state(last);
      },
      onClose: function () { handlers = null; reopenBtn.hidden = false; reopenBtn.focus(); }
    };
    globalThis.KursbuchLive = globalThis.KursbuchEngine.present(spec, reopenBtn, remote);
  }

  reopenBtn.onclick = open;
  open();
  transport = window.KursbuchLiveTransport({
    role: "m",
    code: info.code,
    hello: hello,
    onMessage: onMessage,
    onLost: function () { setConn("Verbindung unterbrochen. Neuer Versuch …", true); }
  });
})();
