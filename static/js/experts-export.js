/* Roster export page (admin): "Select all" ticks or clears every column, and each column's box
   updates it in turn. Replaces django-import-export's inline onchange= handler, which the
   Content Security Policy blocks. Without this script every column stays ticked. */
(function () {
  "use strict";

  function setUp() {
    var toggle = document.querySelector("[data-select-all]");
    var container = document.querySelector("[data-export-fields]");
    if (!toggle || !container) return;
    var boxes = Array.prototype.slice.call(
      container.querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
    ).filter(function (box) { return box !== toggle; });

    function sync() {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      toggle.checked = ticked === boxes.length;
      toggle.indeterminate = ticked > 0 && ticked < boxes.length;
    }

    toggle.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = toggle.checked; });
      toggle.indeterminate = false;
    });
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
