// Two languages side by side (core.admin_mixins.TranslatedFieldDirectionMixin): beside the
// language tabs of django-modeltranslation, a switch lays out the English field and the same
// field in one other language in two columns, for translators. The choice is remembered in
// this browser (localStorage) for every page of the admin. Each field keeps the direction of
// its language (Arabic right to left). Only classes change: no inline style (strict CSP).
(() => {
  "use strict";

  const STORAGE_KEY = "sesric.admin.sideBySide";
  const SOURCE = "en";

  const remembered = () => {
    try {
      return window.localStorage.getItem(STORAGE_KEY) || "";
    } catch (error) {
      return "";
    }
  };

  const remember = (value) => {
    try {
      if (value) {
        window.localStorage.setItem(STORAGE_KEY, value);
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      // Private mode or storage refused: the choice lasts for this page only.
    }
  };

  const panelLanguage = (panel) => {
    const match = /_([a-z]{2})$/.exec(panel.id || "");
    return match ? match[1] : "";
  };

  function addLanguageNames(container, texts) {
    container.querySelectorAll(":scope > .ui-tabs-panel").forEach((panel) => {
      if (panel.querySelector(":scope > .side-by-side__language")) {
        return;
      }
      const code = panelLanguage(panel);
      const name = document.createElement("p");
      name.className = "side-by-side__language";
      name.textContent = texts.languages[code] || code;
      panel.prepend(name);
    });
  }

  function layOut(texts, second) {
    document.querySelectorAll(".ui-tabs").forEach((container) => {
      const panels = container.querySelectorAll(":scope > .ui-tabs-panel");
      if (panels.length === 0) {
        return;
      }
      addLanguageNames(container, texts);
      container.classList.toggle("side-by-side", Boolean(second));
      panels.forEach((panel) => {
        const code = panelLanguage(panel);
        const shown = Boolean(second) && (code === SOURCE || code === second);
        if (second) {
          if (!("sideBySideHidden" in panel.dataset)) {
            panel.dataset.sideBySideHidden = panel.getAttribute("aria-hidden") || "";
          }
          panel.setAttribute("aria-hidden", shown ? "false" : "true");
        } else if ("sideBySideHidden" in panel.dataset) {
          // Back to the tabs: each panel as the tabs left it.
          const before = panel.dataset.sideBySideHidden;
          if (before) {
            panel.setAttribute("aria-hidden", before);
          } else {
            panel.removeAttribute("aria-hidden");
          }
          delete panel.dataset.sideBySideHidden;
        }
        panel.classList.toggle("side-by-side__shown", shown);
        panel.classList.toggle("side-by-side__hidden", Boolean(second) && !shown);
      });
    });
  }

  function buildSwitch(texts, form) {
    const box = document.createElement("div");
    box.className = "side-by-side-switch";

    const toggleLabel = document.createElement("label");
    const toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.id = "side-by-side-toggle";
    toggleLabel.htmlFor = toggle.id;
    toggleLabel.textContent = texts.toggle;

    const choiceLabel = document.createElement("label");
    const choice = document.createElement("select");
    choice.id = "side-by-side-language";
    choiceLabel.htmlFor = choice.id;
    choiceLabel.textContent = texts.second;
    Object.entries(texts.languages).forEach(([code, name]) => {
      if (code !== SOURCE) {
        const option = document.createElement("option");
        option.value = code;
        option.textContent = name;
        choice.append(option);
      }
    });

    const toggleRow = document.createElement("span");
    toggleRow.append(toggle, toggleLabel);
    const choiceRow = document.createElement("span");
    choiceRow.append(choiceLabel, choice);
    box.append(toggleRow, choiceRow);

    const stored = remembered();
    if (stored && texts.languages[stored]) {
      toggle.checked = true;
      choice.value = stored;
    }
    const apply = () => {
      const second = toggle.checked ? choice.value : "";
      choice.disabled = !toggle.checked;
      remember(second);
      layOut(texts, second);
    };
    toggle.addEventListener("change", apply);
    choice.addEventListener("change", apply);
    document.addEventListener("formset:added", () => window.setTimeout(apply, 0));

    const first = form.querySelector("fieldset, .inline-group");
    (first ? first.parentNode : form).insertBefore(box, first);
    apply();
  }

  // The tabs are made by modeltranslation's jQuery "ready" handler, which jQuery runs
  // asynchronously (sometimes after the load event): wait for them a little.
  const start = (attempt) => {
    const source = document.querySelector("[data-side-by-side]");
    if (!source) {
      return;
    }
    if (!document.querySelector(".ui-tabs")) {
      if (attempt < 50) {
        window.setTimeout(() => start(attempt + 1), 100);
      }
      return;
    }
    buildSwitch(JSON.parse(source.dataset.sideBySide), source.form || document.body);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => start(0));
  } else {
    start(0);
  }
})();
