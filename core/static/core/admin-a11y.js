/* Accessible names and roles that Django's and the libraries' admin widgets leave out, set once
   the widgets are built (they build on "load") and again when rows or editors are added. */
"use strict";
(function () {
  const script = document.currentScript;
  const labels = script ? script.dataset : {};

  function cellHeader(cell) {
    const table = cell.closest("table");
    const header = table && table.tHead && table.tHead.rows[0];
    if (!header) return "";
    let column = 0;
    for (const sibling of cell.parentElement.cells) {
      if (sibling === cell) break;
      column += sibling.colSpan;
    }
    let position = 0;
    for (const th of header.cells) {
      if (position === column) return th.textContent.trim();
      position += th.colSpan;
    }
    return "";
  }

  function nameTableFields(root) {
    // Changelist editable columns and tabular inlines: the column header names the field.
    for (const field of root.querySelectorAll(
      "#result_list td input:not([type=hidden]), #result_list td select, #result_list td textarea," +
        " .tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea"
    )) {
      if (field.labels && field.labels.length) continue;
      if (field.hasAttribute("aria-label")) continue;
      const name = cellHeader(field.closest("td"));
      if (name) field.setAttribute("aria-label", name);
    }
  }

  function nameDateTimeFields(root) {
    // AdminSplitDateTime writes "Date:" and "Time:" as plain text before its two inputs.
    for (const field of root.querySelectorAll(".datetime input:not([type=hidden])")) {
      if ((field.labels && field.labels.length) || field.hasAttribute("aria-label")) continue;
      let node = field.previousSibling;
      while (node && node.nodeType !== Node.TEXT_NODE) node = node.previousSibling;
      const legend = field.closest("fieldset, .form-row");
      const heading = legend && legend.querySelector("legend, label");
      const part = node ? node.textContent.replace(/:\s*$/, "").trim() : "";
      const name = [heading ? heading.textContent.replace(/:\s*$/, "").trim() : "", part];
      field.setAttribute("aria-label", name.filter(Boolean).join(" – "));
    }
  }

  function fixTabs(root) {
    // jQuery UI makes each <li> the tab and leaves a focusable link inside it: the link stops
    // being a link (jQuery UI finds the panel through the tab's aria-controls).
    for (const link of root.querySelectorAll("li[role=tab] > a[href]")) {
      link.removeAttribute("href");
      link.removeAttribute("tabindex");
    }
  }

  function fixIcons(root) {
    // SelectFilter2's search icons carry aria-label on a plain <span>: give them the img role.
    for (const icon of root.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  }

  function fixEditors(root) {
    for (const editor of root.querySelectorAll(".prose-editor")) {
      const textarea = editor.querySelector("textarea");
      const box = editor.querySelector("[contenteditable][role=textbox]");
      if (box && textarea && !box.hasAttribute("aria-label")) {
        const label = textarea.labels && textarea.labels[0];
        box.setAttribute("aria-label", label ? label.textContent.replace(/:$/, "").trim() : "");
      }
      // The icons are ligatures of an icon font ("format_bold"), not text a reader sees: they
      // move to generated content, so that the visible text is not at odds with the name.
      for (const button of editor.querySelectorAll(".prose-menubar__button[aria-label]")) {
        for (const node of [...button.childNodes]) {
          if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
            const icon = document.createElement("span");
            icon.className = "prose-icon";
            icon.setAttribute("aria-hidden", "true");
            icon.dataset.icon = node.textContent.trim();
            node.replaceWith(icon);
          }
        }
      }
    }
  }

  function fixSwitch(root) {
    const select = root.querySelector("#modeltranslation-main-switch");
    if (select && !select.hasAttribute("aria-label") && labels.languageSwitch) {
      select.setAttribute("aria-label", labels.languageSwitch);
    }
  }

  function fixAll() {
    nameTableFields(document);
    nameDateTimeFields(document);
    fixTabs(document);
    fixIcons(document);
    fixEditors(document);
    fixSwitch(document);
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.setTimeout(function () {
      pending = false;
      fixAll();
    }, 0);
  }

  window.addEventListener("load", function () {
    schedule();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
