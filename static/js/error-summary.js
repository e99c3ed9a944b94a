// After a failed submit the page comes back with an error summary: move the focus to it, so that a
// keyboard or screen reader user hears what went wrong first. Without JavaScript it is first in its form.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
