// Attendance pages of meetings and activities: tick all / none on the attendance list (boxes that
// are disabled stay as they are), and full screen for the check-in QR code.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var tick = event.target.closest("[data-tick]");
    if (tick) {
      var on = tick.getAttribute("data-tick") === "all";
      document.querySelectorAll("#attendance-list input[type=checkbox]:not(:disabled)").forEach(function (box) {
        box.checked = on;
      });
      return;
    }
    var full = event.target.closest("[data-fullscreen]");
    if (full) {
      var target = document.querySelector(full.getAttribute("data-fullscreen"));
      if (target && target.requestFullscreen) {
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else {
          target.requestFullscreen();
        }
      }
    }
  });
})();
