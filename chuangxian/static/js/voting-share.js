// The box page: a share carried in the address's fragment (#share=CODE, from the QR code on the
// share page) goes into the form and out of the address bar and the history. The fragment is never
// sent to the server, so the share stays out of its logs.
(function () {
  "use strict";
  var match = /^#share=([^&]*)/.exec(window.location.hash);
  if (!match) {
    return;
  }
  var field = document.getElementById("id_code");
  if (field) {
    field.value = decodeURIComponent(match[1]);
  }
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
})();
