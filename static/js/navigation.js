// The main navigation on narrow screens: one "Menu" button that opens and closes the list.
// Without this script the list simply wraps; with it, it never takes more than one line.
(function () {
  "use strict";
  var nav = document.querySelector("[data-main-nav]");
  var toggle = nav && nav.querySelector("[data-main-nav-toggle]");
  if (!toggle) return;
  nav.classList.add("main-nav--collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("main-nav--open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      nav.classList.remove("main-nav--open");
      toggle.focus();
    }
  });
})();
