// Sequences editor: show a step's email-only fields as its channel changes, without waiting for "Apply".
"use strict";
(() => {
  const form = document.querySelector("form.editor");
  if (!form) {
    return;
  }
  for (const button of form.querySelectorAll(".no-js-only")) {
    button.hidden = true;
  }
  form.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-channel]");
    if (!select) {
      return;
    }
    const step = select.closest(".step");
    const sms = select.value === "sms";
    for (const part of step.querySelectorAll(".email-only")) {
      part.hidden = sms;
    }
    const legend = step.querySelector("legend");
    legend.textContent = legend.textContent.replace(/· .*$/, sms ? "· Text message" : "· Email");
  });
  const summary = document.getElementById("errors") ?? document.getElementById("json-errors");
  if (summary && !location.hash) {
    summary.focus();
  }
})();
