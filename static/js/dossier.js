// The dossier's cards load after the page (cases/_panel_slot.html, cases.panels).
(function () {
  "use strict";
  // A link or a redirect to a card (/cases/7/#escalation) can only scroll there once it has arrived.
  document.addEventListener("htmx:afterSettle", function () {
    var id = window.location.hash.slice(1);
    if (!id || document.body.dataset.scrolledTo === id) { return; }
    var target = document.getElementById(id);
    if (target) {
      document.body.dataset.scrolledTo = id;
      target.scrollIntoView();
    }
  });
  // A card that could not be fetched says so instead of "loading" for ever.
  function failed(event) {
    var slot = event.detail && event.detail.elt;
    if (!slot || !slot.classList || !slot.classList.contains("panel-slot")) { return; }
    slot.removeAttribute("aria-busy");
    slot.classList.remove("text-muted");
    slot.classList.add("alert", "alert-warning", "py-1");
    slot.textContent = slot.dataset.failed;
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
