// Checks the registration and update form before it is sent: the CV's size and type and the
// summary's length, with a live character counter. The server checks everything again; this
// only spares a round trip (and a large upload) that would be refused. Every message comes
// from the page (data-* attributes written by experts.forms, already translated).
(function () {
  "use strict";

  function showError(input, message) {
    var field = input.closest(".field");
    var box = field.querySelector(".experts-client-error");
    if (!message) {
      if (box) box.remove();
      input.removeAttribute("aria-invalid");
      return;
    }
    if (!box) {
      // An alert region holding a list like the server's own errors (role=alert on the list
      // itself would take its list semantics away).
      box = document.createElement("div");
      box.className = "experts-client-error";
      box.id = input.id + "_client_error";
      box.setAttribute("role", "alert");
      input.before(box);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(box.id) === -1) described.push(box.id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    box.textContent = "";
    var list = document.createElement("ul");
    list.className = "errorlist";
    var item = document.createElement("li");
    item.textContent = message;
    list.appendChild(item);
    box.appendChild(list);
    input.setAttribute("aria-invalid", "true");
  }

  function fileProblem(input) {
    var file = input.files && input.files[0];
    if (!file) return "";
    var extensions = (input.dataset.extensions || "").split(",");
    var name = file.name.toLowerCase();
    var known = extensions.some(function (extension) { return name.endsWith(extension); });
    if (!known) return input.dataset.wrongType;
    if (file.size > Number(input.dataset.maxBytes)) return input.dataset.tooBig;
    return "";
  }

  function summaryProblem(textarea) {
    var length = Array.from(textarea.value.trim()).length;
    if (length > 0 && length < Number(textarea.dataset.minLength)) return textarea.dataset.tooShort;
    return "";
  }

  function setUpCounter(textarea) {
    var counter = document.createElement("p");
    counter.className = "field__help experts-counter";
    counter.id = textarea.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    textarea.after(counter);
    function update() {
      counter.textContent = textarea.dataset.counter.replace("%(count)s", Array.from(textarea.value.trim()).length);
    }
    textarea.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form.experts-form").forEach(function (form) {
    var file = form.querySelector("input[type=file][data-max-bytes]");
    var summary = form.querySelector("textarea[data-min-length]");
    if (summary) {
      setUpCounter(summary);
      summary.addEventListener("change", function () { showError(summary, summaryProblem(summary)); });
    }
    if (file) {
      file.addEventListener("change", function () { showError(file, fileProblem(file)); });
    }
    form.addEventListener("submit", function (event) {
      var problems = [];
      if (summary) {
        var shortText = summaryProblem(summary);
        showError(summary, shortText);
        if (shortText) problems.push(summary);
      }
      if (file) {
        var fileText = fileProblem(file);
        showError(file, fileText);
        if (fileText) problems.push(file);
      }
      if (problems.length) {
        event.preventDefault();
        problems[0].focus();
      }
    });
  });
})();
