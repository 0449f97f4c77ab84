// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Filter panels start open on wide screens, folded on phones.
  var wide = window.matchMedia("(min-width: 60em)");
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    if (wide.matches) details.open = true;
  });

  // Choosing a sort order applies it at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.requestSubmit();
    });
  });
})();
