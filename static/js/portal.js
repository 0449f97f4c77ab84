// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Filter panels start open on wide screens, folded on phones.
  var wide = window.matchMedia("(min-width: 60em)");
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    if (wide.matches) details.open = true;
  });

  // Choosing a sort order with the mouse or a finger applies it at once. From the keyboard, the arrow
  // keys only move the choice (a page load on every key press would make the list unusable); Enter or
  // the form's button applies it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var byKeyboard = false;
    select.addEventListener("keydown", function (event) {
      byKeyboard = true;
      if (event.key === "Enter" && select.form) {
        event.preventDefault();
        select.form.requestSubmit();
      }
    });
    select.addEventListener("change", function () {
      if (!byKeyboard && select.form) select.form.requestSubmit();
      byKeyboard = false;
    });
  });
})();
