/* "More help" on the compact help bar (overrides/partials/kap-help-card.html): opens and closes the
   full help card on phones. One listener on the document, so it keeps working when the theme
   swaps pages without reloading. Without this script, "More help" opens the get-help page. */
(function () {
  "use strict";

  function toggle(control) {
    var card = control.closest(".kap-help");
    if (!card) return;
    var open = card.classList.toggle("kap-help--open");
    control.setAttribute("aria-expanded", open ? "true" : "false");
    control.textContent = open ? "Less help" : "More help";
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest(".kap-help__toggle");
    if (!control) return;
    event.preventDefault();
    toggle(control);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !event.target.closest || !event.target.closest(".kap-help__toggle")) return;
    event.preventDefault();  /* a button opens on Space too */
    toggle(event.target.closest(".kap-help__toggle"));
  });
})();
