// The dossier's cards from other apps load after the page (cases/_panel_slot.html). A link or a
// redirect to one of them (/cases/7/#escalation) can only scroll there once it has arrived.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var id = window.location.hash.slice(1);
    if (!id || document.body.dataset.scrolledTo === id) { return; }
    var target = document.getElementById(id);
    if (target) {
      document.body.dataset.scrolledTo = id;
      target.scrollIntoView();
    }
  });
})();
