// "Was this helpful?": sends the vote with fetch and thanks the reader in
// place. Without this script the form posts to /api/feedback and the edge API
// redirects back to the page with #feedback-thanks (shown by CSS :target).
import { postJSON } from "./portico.js";

const section = document.querySelector("section.feedback");
const form = section?.querySelector("form.feedback-form");

function show(message) {
  message.classList.add("shown");
  message.focus();
}

if (form) {
  const thanks = section.querySelector(".feedback-thanks");
  const failed = section.querySelector(".feedback-error");
  const buttons = (disabled) => form.querySelectorAll("button").forEach((b) => (b.disabled = disabled));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const vote = event.submitter ? event.submitter.value : "yes";
    const data = { helpful: vote === "yes" };
    for (const name of ["article", "language", "version", "comment", "website"]) {
      const value = form.elements[name]?.value;
      if (value) data[name] = value;
    }
    buttons(true);
    failed.classList.remove("shown");
    try {
      await postJSON(form.action, data);
      form.hidden = true;
      show(thanks);
    } catch {
      buttons(false);
      show(failed);
    }
  });
}
