// Upload progress in the admin (core.admin_mixins.UploadProgressAdminMixin): a form whose file
// inputs carry data-upload-progress is sent with XMLHttpRequest, which reports how much of
// the body has gone. The server answers such a request's redirect with JSON naming the next
// page (its messages are kept for it); any other answer (the form with its errors, an error
// page) is fetched again by an ordinary submission, so that the browser shows it as usual.
// No inline script or style: the bar is a <progress> element, styled in core/admin.css.
(() => {
  "use strict";

  const chosenFiles = (form) =>
    Array.from(form.querySelectorAll("input[type=file][data-upload-progress]")).filter(
      (input) => input.files && input.files.length > 0,
    );

  const format = (text, values) =>
    text
      .replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? values[name] : whole))
      .replace(/%%/g, "%");

  const megabytes = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

  function showProgress(form, texts) {
    const box = document.createElement("div");
    box.className = "upload-progress";
    box.setAttribute("role", "status");
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", texts.label);
    const text = document.createElement("p");
    text.className = "upload-progress__text";
    text.textContent = format(texts.sending, { percent: 0, sent: 0, total: "…" });
    box.append(bar, text);
    const submitRow = form.querySelector(".submit-row") || form.lastElementChild;
    submitRow.before(box);
    return { box, bar, text };
  }

  function sendNormally(form, submitter) {
    form.dataset.uploadProgressDone = "1";
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.uploadProgressDone) {
      return;
    }
    const inputs = chosenFiles(form);
    if (inputs.length === 0 || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    event.preventDefault();
    const texts = JSON.parse(inputs[0].dataset.uploadProgress);
    const submitter = event.submitter || null;
    const data = new FormData(form, submitter);
    const view = showProgress(form, texts);
    const buttons = Array.from(form.querySelectorAll("[type=submit]"));
    buttons.forEach((button) => {
      button.disabled = true;
    });

    const request = new XMLHttpRequest();
    request.open(form.method || "POST", form.action || window.location.href);
    request.setRequestHeader("X-Upload-Progress", "1");
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) {
        return;
      }
      const percent = Math.floor((progress.loaded / progress.total) * 100);
      view.bar.value = percent;
      view.text.textContent = format(texts.sending, {
        percent,
        sent: megabytes(progress.loaded),
        total: megabytes(progress.total),
      });
    });
    request.upload.addEventListener("load", () => {
      view.bar.value = 100;
      view.bar.removeAttribute("value"); // indeterminate while the server works
      view.text.textContent = texts.processing;
    });
    request.addEventListener("load", () => {
      const type = request.getResponseHeader("Content-Type") || "";
      if (request.status === 200 && type.startsWith("application/json")) {
        const answer = JSON.parse(request.responseText);
        if (answer.location) {
          view.text.textContent = texts.done;
          window.location.assign(answer.location);
          return;
        }
      }
      // Errors to show: let the browser send the form and show the answer itself.
      view.text.textContent = texts.again;
      buttons.forEach((button) => {
        button.disabled = false;
      });
      sendNormally(form, submitter);
    });
    request.addEventListener("error", () => {
      view.box.classList.add("upload-progress--failed");
      view.text.textContent = texts.failed;
      buttons.forEach((button) => {
        button.disabled = false;
      });
    });
    request.send(data);
  });
})();
