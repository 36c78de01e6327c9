// FollowUp dashboard: small improvements over pages that work without script.
"use strict";
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const source = document.getElementById(button.getAttribute("data-copy"));
  if (source && navigator.clipboard) {
    await navigator.clipboard.writeText(source.value ?? source.textContent);
    button.textContent = "Copied";
  }
});
