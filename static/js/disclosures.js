// Disclosures that are folded only on phones: the header's menu, the directory's filters and facets.
// They carry data-open-when-wide; on a wide screen they are opened (their summary is hidden by the CSS),
// on a phone they start closed. Without JavaScript they still work: a phone opens them by their summary,
// and the CSS shows their content on wide screens.
(function () {
  "use strict";
  var disclosures = document.querySelectorAll("details[data-open-when-wide]");
  if (!disclosures.length || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48rem)");
  function follow() {
    for (var i = 0; i < disclosures.length; i += 1) {
      // A disclosure the page opened on purpose (data-open-by-default) stays open on phones too.
      disclosures[i].open = wide.matches || disclosures[i].hasAttribute("data-open-by-default");
    }
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();
