/*
 * Kursbuch live: the presenter's page. Opens the engine's presentation mode (KursbuchEngine.present)
 * with a remote: the live server holds the state, this file carries the messages. The session's
 * presenter key comes from the URL's fragment (#k=…), which browsers never send in a request.
 * Transport as on the participant's page: a WebSocket that reconnects, else long polling.
 */
(function () {
  "use strict";

  var spec = JSON.parse(document.getElementById("kb-live-spec").textContent);
  var info = JSON.parse(document.getElementById("kb-live-info").textContent);
  var problem = document.getElementById("kb-live-problem");
  var reopenBtn = document.getElementById("kb-live-reopen");
  var match = /[#&]k=([^&]+)/.exec(location.hash);
  var key = match ? decodeURIComponent(match[1]) : "";
  var handlers = null, sender = null, queue = [];

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
    if (sender) sender(msg);
    else queue.push(msg); // sent once the connection is back
  }

  function onMessage(msg) {
    if (msg.type === "welcome") {
      setConn("Verbunden.", false);
      while (queue.length && sender) sender(queue.shift());
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

  // Fall back to long polling only where WebSockets never carried a message (blocked, or cut by a proxy).
  var wsWorked = false, wsFailures = 0, delay = 1000;

  function connectWs() {
    var ws;
    try { ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/m/" + encodeURIComponent(info.code)); } catch (e) { startPolling(); return; }
    ws.onopen = function () {
      delay = 1000;
      ws.send(JSON.stringify(hello()));
      sender = function (m) { ws.send(JSON.stringify(m)); };
    };
    ws.onmessage = function (ev) {
      wsWorked = true;
      try { onMessage(JSON.parse(ev.data)); } catch (e) { /* not JSON: ignored */ }
    };
    ws.onclose = function () {
      sender = null;
      if (!wsWorked && ++wsFailures >= 2) { startPolling(); return; }
      setConn("Verbindung unterbrochen. Neuer Versuch …", true);
      setTimeout(connectWs, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }

  var connId = null;

  function request(method, url, body, done) {
    var x = new XMLHttpRequest();
    x.open(method, url, true);
    x.timeout = 30000;
    x.onreadystatechange = function () {
      if (x.readyState !== 4) return;
      var data;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      done(x.status, data);
    };
    if (body) x.setRequestHeader("Content-Type", "application/json");
    x.send(body ? JSON.stringify(body) : null);
  }

  function api(verb) {
    return "/api/m/" + encodeURIComponent(info.code) + "/" + verb + (connId ? "?conn=" + encodeURIComponent(connId) : "");
  }

  function deliver(data) {
    var list = data && data.messages ? data.messages : [];
    for (var i = 0; i < list.length; i++) onMessage(list[i]);
  }

  function startPolling() {
    connId = null;
    request("POST", api("open"), hello(), function (status, data) {
      if (status !== 200 || !data || !data.conn) {
        setConn("Verbindung unterbrochen. Neuer Versuch …", true);
        setTimeout(startPolling, delay);
        delay = Math.min(delay * 2, 10000);
        return;
      }
      delay = 1000;
      connId = data.conn;
      sender = function (m) { request("POST", api("send"), m, function (s, d) { deliver(d); }); };
      deliver(data);
      poll();
    });
  }

  function poll() {
    request("GET", api("poll"), null, function (status, data) {
      if (status === 200) { deliver(data); poll(); return; }
      sender = null;
      setConn("Verbindung unterbrochen. Neuer Versuch …", true);
      setTimeout(startPolling, delay);
      delay = Math.min(delay * 2, 10000);
    });
  }

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
  if (globalThis.WebSocket && !/[?&]transport=poll\b/.test(location.search)) connectWs();
  else startPolling();
})();
