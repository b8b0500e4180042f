// The print button of the printable card: shown only where a script runs (the browser's own
// print command works without it).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
