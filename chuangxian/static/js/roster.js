// Roster import pages. Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // The departure status only matters for a full import: show it when "全量导入" is chosen.
  function syncDeparture(form) {
    var field = form.querySelector("[data-roster-departure]");
    var full = form.querySelector("input[name=mode][value=full]");
    if (field && full) {
      field.hidden = !full.checked;
    }
  }

  document.querySelectorAll("form[data-roster-upload]").forEach(function (form) {
    syncDeparture(form);
    form.addEventListener("change", function () { syncDeparture(form); });
  });

  // Uploading, checking and applying can take a few seconds: say so and prevent a second click.
  document.querySelectorAll("form[data-roster-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button && !button.disabled) {
        window.setTimeout(function () {
          button.disabled = true;
          button.textContent = form.getAttribute("data-roster-busy");
        }, 0);
      }
    });
  });
})();
