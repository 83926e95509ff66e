// Portico support pages: the ticket form (/<lang>/support/) and the private
// ticket status page (/<lang>/support/status/?id=…#token=…).
//
// Both pages work as plain HTML forms; this script makes them better when it
// runs: the form is sent as JSON with an Idempotency-Key (a retry never makes
// a second ticket), errors appear next to their field, articles that may
// answer the subject are suggested (through window.PorticoSearch when the
// search script is loaded), and the status page shows the ticket, which needs
// the secret token that only the URL fragment carries.
(function () {
  "use strict";

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function errorText(code) {
    var known = document.getElementById("error-" + code);
    return (known || document.getElementById("error-internal")).textContent;
  }

  // ----- the ticket form -----
  function ticketForm(form) {
    var status = form.querySelector(".form-status");
    var button = form.querySelector("button[type=submit]");
    var params = new URLSearchParams(location.search);
    var article = params.get("article");
    if (article && article.charAt(0) === "/") form.elements.article.value = article.slice(0, 300);
    form.elements.nonce.value = newKey();

    function clearErrors() {
      form.querySelectorAll(".field-error").forEach(function (p) {
        p.hidden = true;
        p.textContent = "";
      });
      form.querySelectorAll("[aria-invalid]").forEach(function (el) {
        el.removeAttribute("aria-invalid");
        var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && !/-error$/.test(id);
        });
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
        else el.removeAttribute("aria-describedby");
      });
      status.textContent = "";
    }

    // Puts the message under its field (or in the status line) and moves focus there.
    function showError(code, field) {
      var text = errorText(code);
      var input = field && form.elements[field];
      var slot = input && document.getElementById(input.id + "-error");
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
        input.setAttribute("aria-invalid", "true");
        var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        ids.push(slot.id);
        input.setAttribute("aria-describedby", ids.join(" "));
        input.focus();
      } else {
        status.textContent = text;
      }
    }

    // A refused no-JS post came back as ?error=<code>&field=<name>.
    if (params.get("error")) showError(params.get("error"), params.get("field"));

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      var data = {};
      new FormData(form).forEach(function (value, name) {
        if (name !== "nonce" && name !== "return_to" && value !== "") data[name] = value;
      });
      button.disabled = true;
      status.textContent = form.getAttribute("data-sending");
      fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": form.elements.nonce.value },
        body: JSON.stringify(data),
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (r) {
          if (r.ok && r.body.status_url) {
            location.assign(r.body.status_url);
            return;
          }
          var e = (r.body && r.body.error) || {};
          status.textContent = "";
          showError(e.code || "internal", e.field);
          button.disabled = false;
        })
        .catch(function () {
          status.textContent = errorText("internal");
          button.disabled = false;
        });
    });

    deflection(form);
  }

  // Suggests articles matching the subject while the customer types.
  function deflection(form) {
    var box = form.querySelector(".deflection");
    var list = box && box.querySelector(".deflection-list");
    var subject = form.elements.subject;
    if (!box || !subject) return;
    var timer = null;
    var asked = 0;
    subject.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var search = window.PorticoSearch;
        var text = subject.value.trim();
        var mine = ++asked;
        if (!search || typeof search.suggest !== "function" || text.length < 3) {
          box.hidden = true;
          return;
        }
        Promise.resolve(search.suggest(text, { limit: 3 })).then(function (results) {
          if (mine !== asked) return;
          list.textContent = "";
          (results || []).slice(0, 3).forEach(function (hit) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = hit.url;
            a.textContent = hit.title;
            if (hit.version) {
              var tag = document.createElement("span");
              tag.className = "version-tag";
              tag.textContent = hit.version;
              a.appendChild(document.createTextNode(" "));
              a.appendChild(tag);
            }
            li.appendChild(a);
            list.appendChild(li);
          });
          box.hidden = list.children.length === 0;
        }, function () { box.hidden = true; });
      }, 250);
    });
  }

  // ----- the status page -----
  function statusPage(root) {
    // A pasted link to another ticket (or a corrected token) changes only the fragment.
    window.addEventListener("hashchange", function () { location.reload(); });
    var id = new URLSearchParams(location.search).get("id") || "";
    var token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
    var $ = function (sel) { return root.querySelector(sel); };
    $(".status-no-js").hidden = true;
    if (!id || !token) {
      $(".status-missing").hidden = false;
      return;
    }
    var lang = root.getAttribute("data-lang");
    var dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    var auth = { Authorization: "Bearer " + token };
    var url = "/api/tickets/" + encodeURIComponent(id);
    var label = function (name) { return root.getAttribute("data-" + name) || name; };
    var setTime = function (el, iso) {
      el.dateTime = iso;
      el.textContent = dates.format(new Date(iso));
    };

    function render(ticket) {
      $(".ticket-id").textContent = ticket.id;
      $(".ticket-subject").textContent = ticket.subject;
      $(".ticket-state").textContent = label("status-" + ticket.status);
      setTime($(".ticket-created"), ticket.created_at);
      setTime($(".ticket-updated"), ticket.updated_at);
      var thread = $(".thread");
      thread.textContent = "";
      ticket.messages.forEach(function (m) {
        var li = document.createElement("li");
        li.className = "message message-" + m.author;
        var who = document.createElement("p");
        who.className = "message-meta";
        var strong = document.createElement("strong");
        strong.textContent = label("author-" + m.author);
        var when = document.createElement("time");
        setTime(when, m.created_at);
        who.append(strong, " · ", when);
        var body = document.createElement("p");
        body.className = "message-body";
        body.textContent = m.body;
        li.append(who, body);
        thread.appendChild(li);
      });
      $(".ticket").hidden = false;
    }

    $(".status-loading").hidden = false;
    fetch(url, { headers: auth })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(render, function () { $(".status-missing").hidden = false; })
      .then(function () { $(".status-loading").hidden = true; });

    var form = $(".reply-form");
    var status = form.querySelector(".form-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(url + "/comments", {
        method: "POST",
        headers: Object.assign({ "Content-Type": "application/json" }, auth),
        body: JSON.stringify({ body: form.elements.body.value }),
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
        })
        .then(function (r) {
          if (!r.ok) throw r;
          render(r.body);
          form.reset();
          status.textContent = label("reply-sent");
        })
        .catch(function (r) {
          status.textContent = r && r.status === 429 ? label("error-rate-limited") : label("error");
        })
        .then(function () { button.disabled = false; });
    });
  }

  var form = document.querySelector("form.ticket-form");
  if (form) ticketForm(form);
  var status = document.querySelector(".ticket-status");
  if (status) statusPage(status);
})();
