// The dossier's cards load after the page (cases/_panel_slot.html, cases.panels).
(function () {
  "use strict";
  // The element that asked (a card's slot): htmx's event detail keeps it as requestConfig.elt ("elt"
  // is the element the event fires on, the card itself once swapped in).
  function slotOf(event) {
    var detail = event.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return elt && elt.classList && elt.classList.contains("panel-slot") ? elt : null;
  }
  // A link or a redirect to a card (/cases/7/#escalation) can only scroll there once the card has
  // arrived: done once, when it does — never on the page's other htmx updates (audit, timeline …).
  var wanted = window.location.hash.slice(1);
  function arrived(event) {
    if (!slotOf(event)) { return; }
    var target = wanted && document.getElementById(wanted);
    if (target) {
      target.scrollIntoView();
      wanted = "";
    }
    if (!wanted || !document.querySelector(".panel-slot")) {
      document.removeEventListener("htmx:afterSettle", arrived);
    }
  }
  if (wanted && !document.getElementById(wanted)) {
    document.addEventListener("htmx:afterSettle", arrived);
  }
  // A card that could not be fetched says so instead of "loading" for ever.
  function failed(event) {
    var slot = slotOf(event);
    if (!slot) { return; }
    slot.removeAttribute("aria-busy");
    slot.classList.remove("text-muted");
    slot.classList.add("alert", "alert-warning", "py-1");
    slot.textContent = slot.dataset.failed;
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
