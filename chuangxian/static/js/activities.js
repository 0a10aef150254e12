// Activities: ask before an organiser cancels someone's registration. (Ticking the attendance list
// and the full-screen QR code are in attendance.js, shared with meetings.)
document.addEventListener("submit", function (event) {
  "use strict";
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
