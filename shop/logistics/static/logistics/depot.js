/* Depot keeper's page: actions are queued on the phone and sent when online.
 *
 * Every tap becomes an action with its own UUID, kept in localStorage until
 * the server has answered for it. The server records each UUID once, so
 * sending the queue again after a lost connection never records twice.
 */
(function () {
  "use strict";

  var root = document.getElementById("depot");
  registerServiceWorker();
  if (!root) return;

  var syncUrl = root.dataset.syncUrl;
  var queueKey = root.dataset.queueKey;
  var statusLine = document.getElementById("sync-status");
  var errorList = document.getElementById("sync-errors");
  var sending = false;

  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }

  function saveQueue(queue) {
    localStorage.setItem(queueKey, JSON.stringify(queue));
    showStatus(queue.length);
  }

  function showStatus(waiting) {
    if (waiting) {
      statusLine.textContent = waiting + " " + root.dataset.msgWaiting + (navigator.onLine ? "" : " — " + root.dataset.msgOffline);
      statusLine.className = "depot-sync waiting";
    } else {
      statusLine.textContent = "";
      statusLine.className = "depot-sync";
    }
  }

  function money(value) {
    var lang = document.documentElement.lang || "fr";
    return value.toLocaleString(lang, { style: "currency", currency: "EUR" });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showError(message) {
    var li = document.createElement("li");
    li.className = "error";
    li.textContent = message;
    errorList.appendChild(li);
  }

  /* Show at once what the keeper did, before the server knows. */
  function applyToPage(action) {
    var card = document.getElementById("order-" + action.order);
    if (!card) return;
    if (action.kind === "collected" || action.kind === "undo") {
      var done = action.kind === "collected";
      card.classList.toggle("collected", done);
      var form = card.querySelector("form[data-kind=collected], form[data-kind=undo]");
      if (form) {
        form.dataset.kind = done ? "undo" : "collected";
        form.querySelector("input[name=kind]").value = form.dataset.kind;
        form.querySelector("button").textContent = done ? root.dataset.labelUndo : root.dataset.labelCollect;
      }
      var count = document.querySelectorAll(".depot-order.collected").length;
      document.getElementById("collected-count").textContent = count;
    } else if (action.kind === "payment") {
      var due = card.querySelector(".depot-due");
      var left = Math.max(parseFloat(due.dataset.due || "0") - parseFloat(String(action.amount).replace(",", ".")), 0);
      due.dataset.due = left.toFixed(2);
      var amount = due.querySelector(".due-amount");
      if (amount) amount.textContent = money(left);
      var pay = card.querySelector(".depot-pay");
      if (pay && left <= 0) pay.hidden = true;
      else if (pay) pay.querySelector("input[name=amount]").value = left.toFixed(2);
    } else if (action.kind === "membership") {
      /* Paid once for the year: gone from every order of this member (the page
         may no longer offer it, if it was recorded meanwhile). */
      document.querySelectorAll(".depot-membership[data-customer='" + action.customer + "']").forEach(function (form) {
        form.hidden = true;
      });
    }
  }

  function flush() {
    var queue = loadQueue();
    showStatus(queue.length);
    if (!queue.length || sending) return;
    sending = true;
    fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ actions: queue })
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (answer) {
      var answered = {};
      answer.results.forEach(function (result) {
        answered[result.uuid] = true;
        if (result.status === "error") showError(result.message);
      });
      /* Keep only what the server did not answer for (added meanwhile). */
      saveQueue(loadQueue().filter(function (a) { return !answered[a.uuid]; }));
    }).catch(function () {
      showStatus(loadQueue().length);
    }).then(function () {
      sending = false;
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form.depot-act");
    if (!form) return;
    event.preventDefault();
    var data = new FormData(form);
    var action = {
      uuid: newUuid(),
      order: parseInt(form.closest(".depot-order").dataset.order, 10),
      kind: form.dataset.kind,
      at: new Date().toISOString()
    };
    if (action.kind === "membership") {
      action.mode = data.get("mode");
      action.year = data.get("year");
      action.customer = form.dataset.customer;
    }
    if (action.kind === "payment") {
      action.mode = data.get("mode");
      action.amount = String(data.get("amount")).replace(",", ".");
    }
    if (action.kind === "remark") {
      action.remark = data.get("remark");
      form.reset();
      form.closest("details").open = false;
    }
    var queue = loadQueue();
    queue.push(action);
    saveQueue(queue);
    applyToPage(action);
    flush();
  });

  var search = document.getElementById("depot-search");
  if (search) {
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      document.querySelectorAll(".depot-order").forEach(function (card) {
        var text = card.dataset.search || "";
        card.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  }

  /* What is still waiting, after an offline reload; one stale action must not
     stop the page from setting itself up. */
  loadQueue().forEach(function (action) {
    try { applyToPage(action); } catch (error) { /* the server has the last word */ }
  });
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  flush();

  function registerServiceWorker() {
    var body = document.body;
    if (!("serviceWorker" in navigator) || !body.dataset.serviceWorker) return;
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: body.dataset.scope }).then(function () {
      /* Keep this page and its files for when the network drops. */
      if (!window.caches) return;
      var urls = [location.href];
      document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
        urls.push(el.href || el.src);
      });
      caches.open("depot-v1").then(function (cache) { return cache.addAll(urls); }).catch(function () {});
    }).catch(function () {});
  }
})();
