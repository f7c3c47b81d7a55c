/*
 * Kursbuch live: the transport both live pages use (participant and presenter). Plain ES5, no library.
 *
 * KursbuchLiveTransport(options) connects to the live server of this page and returns
 * {send: function (msg) -> true if it went out, false while there is no connection}. Messages
 * are JSON objects both ways. A WebSocket (/ws/<role>/<code>) reconnects by itself with a growing
 * delay (1 s doubling to 10 s); where WebSockets never carried a message (a proxy or network that
 * blocks them), or with ?transport=poll in the address, the same messages go by plain requests
 * (long polling: /api/<role>/<code>/open|send|poll). After every (re)connection the page's hello
 * message goes first, so the server knows who is back. The page decides what a message means and
 * what to show; it hears of a lost connection through options.onLost.
 *
 * options: role ("p" participant, "m" presenter), code (the session's code), hello() (the first
 * message of every connection), onMessage(msg), onLost() (the connection dropped; a retry follows).
 */
(function () {
  "use strict";

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

  window.KursbuchLiveTransport = function (options) {
    var path = options.role + "/" + encodeURIComponent(options.code);
    var sender = null;     // function(msg) of the connection in use, null while there is none
    var connId = null;     // the long-polling connection's id
    var delay = 1000;      // before the next attempt to connect
    // Fall back to long polling only where WebSockets never carried a message (blocked, or cut by a proxy).
    var wsWorked = false, wsFailures = 0;

    function retry(fn) {
      sender = null;
      options.onLost();
      setTimeout(fn, delay);
      delay = Math.min(delay * 2, 10000);
    }

    function connectWs() {
      var ws;
      try {
        ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/" + path);
      } catch (e) { startPolling(); return; }
      ws.onopen = function () {
        delay = 1000;
        ws.send(JSON.stringify(options.hello()));
        sender = function (m) { ws.send(JSON.stringify(m)); };
      };
      ws.onmessage = function (ev) {
        var msg;
        wsWorked = true;
        try { msg = JSON.parse(ev.data); } catch (e) { return; }
        options.onMessage(msg);
      };
      ws.onclose = function () {
        sender = null;
        if (!wsWorked && ++wsFailures >= 2) { startPolling(); return; }
        retry(connectWs);
      };
    }

    function api(verb) {
      return "/api/" + path + "/" + verb + (connId ? "?conn=" + encodeURIComponent(connId) : "");
    }

    function deliver(data) {
      var list = data && data.messages ? data.messages : [];
      for (var i = 0; i < list.length; i++) options.onMessage(list[i]);
    }

    function startPolling() {
      connId = null;
      request("POST", api("open"), options.hello(), function (status, data) {
        if (status !== 200 || !data || !data.conn) { retry(startPolling); return; }
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
        retry(startPolling);
      });
    }

    if (window.WebSocket && !/[?&]transport=poll\b/.test(location.search)) connectWs();
    else startPolling();

    return {
      send: function (msg) {
        if (!sender) return false;
        sender(msg);
        return true;
      }
    };
  };
})();
