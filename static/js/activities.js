/* Activity photo gallery: a native <dialog> lightbox, usable with keyboard and screen reader.
   Without this script each thumbnail is a plain link to the large photo. */
(function () {
  "use strict";

  function setUp(gallery) {
    var dialog = gallery.querySelector("[data-lightbox]");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var links = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-index]"));
    var image = dialog.querySelector("[data-lightbox-image]");
    var source = dialog.querySelector("[data-lightbox-source]");
    var caption = dialog.querySelector("[data-lightbox-caption]");
    var status = dialog.querySelector("[data-lightbox-status]");
    var template = gallery.querySelector("[data-lightbox-label]");
    var label = template ? template.innerHTML.trim() : "{index} / {count}";
    var previous = dialog.querySelector("[data-lightbox-previous]");
    var next = dialog.querySelector("[data-lightbox-next]");
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      var thumbSource = link.querySelector("source");
      var figcaption = link.closest("figure").querySelector("figcaption");
      source.srcset = thumbSource ? thumbSource.srcset : "";
      source.sizes = "90vw";
      image.srcset = thumb.srcset;
      image.sizes = "90vw";
      image.src = link.getAttribute("href");
      image.alt = thumb.alt;
      image.width = thumb.width;
      image.height = thumb.height;
      caption.textContent = figcaption ? figcaption.textContent : "";
      if (figcaption && figcaption.lang) caption.lang = figcaption.lang; else caption.removeAttribute("lang");
      status.textContent = label.replace("{index}", String(current + 1)).replace("{count}", String(links.length));
      var single = links.length < 2;
      previous.hidden = single;
      next.hidden = single;
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        (links.length > 1 ? next : dialog.querySelector("[data-lightbox-close]")).focus();
      });
    });

    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      var rtl = document.documentElement.dir === "rtl";
      if (event.key === "ArrowRight") { event.preventDefault(); show(current + (rtl ? -1 : 1)); }
      if (event.key === "ArrowLeft") { event.preventDefault(); show(current + (rtl ? 1 : -1)); }
    });
    // A click on the backdrop (outside the inner box) closes the dialog as Escape does.
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      if (opener) { links[current].focus(); opener = null; }
    });
  }

  document.querySelectorAll("[data-gallery]").forEach(setUp);
})();
