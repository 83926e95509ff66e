// "Was this helpful?": sends the vote with fetch and thanks the reader in
// place. Without this script the form posts to /api/feedback and the edge API
// redirects back to the page with #feedback-thanks (shown by CSS :target).
(function () {
  "use strict";
  var section = document.querySelector("section.feedback");
  var form = section && section.querySelector("form.feedback-form");
  if (!form) return;
  var thanks = section.querySelector(".feedback-thanks");
  var failed = section.querySelector(".feedback-error");

  function show(message) {
    message.classList.add("shown");
    message.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var vote = event.submitter ? event.submitter.value : "yes";
    var data = { helpful: vote === "yes" };
    ["article", "language", "version", "comment", "website"].forEach(function (name) {
      var value = form.elements[name] && form.elements[name].value;
      if (value) data[name] = value;
    });
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    failed.classList.remove("shown");
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        form.hidden = true;
        show(thanks);
      })
      .catch(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        show(failed);
      });
  });
})();
