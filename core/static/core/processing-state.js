// The processing state of uploads made on the task queue (photo sizes: activities/admin.py).
// Each element with data-processing-state names the address that answers {"ready": bool};
// it is asked every few seconds (less and less often) until ready, then says so. The text
// is in a live region, so screen readers hear the change.
(() => {
  "use strict";

  const FIRST_DELAY = 2000;
  const MAX_DELAY = 30000;
  const MAX_ATTEMPTS = 40;

  function watch(element) {
    element.setAttribute("role", "status");
    let delay = FIRST_DELAY;
    let attempts = 0;
    const ask = () => {
      attempts += 1;
      fetch(element.dataset.processingState, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : { ready: false }))
        .then((answer) => {
          if (answer.ready) {
            element.textContent = element.dataset.readyText;
            element.classList.add("processing-state--ready");
            delete element.dataset.processingState;
          } else if (attempts < MAX_ATTEMPTS) {
            delay = Math.min(delay * 1.5, MAX_DELAY);
            window.setTimeout(ask, delay);
          }
        })
        .catch(() => {
          if (attempts < MAX_ATTEMPTS) {
            window.setTimeout(ask, MAX_DELAY);
          }
        });
    };
    window.setTimeout(ask, delay);
  }

  const start = () => document.querySelectorAll("[data-processing-state]").forEach(watch);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
