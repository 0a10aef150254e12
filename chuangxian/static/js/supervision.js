// Supervision matrix. Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Changing the unit category filters at once.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // One click, one reminder: disable the button as the form goes out (the server also refuses a
  // second reminder for the same unit task within ten minutes).
  document.querySelectorAll("form[data-remind]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      var button = form.querySelector("button[type=submit]");
      if (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
})();
