// Teaching competitions: the running time of the lecture on stage (data-elapsed: the seconds it had
// run when the server rendered the element, counted on from then; htmx swaps in fresh elements), and
// full screen for the projector's scoreboard.
(function () {
  "use strict";
  var seen = new WeakMap();
  function tick() {
    document.querySelectorAll("[data-elapsed]").forEach(function (element) {
      var base = parseInt(element.getAttribute("data-elapsed"), 10);
      if (isNaN(base)) {
        return;
      }
      if (!seen.has(element)) {
        seen.set(element, Date.now());
      }
      var seconds = base + Math.floor((Date.now() - seen.get(element)) / 1000);
      var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      if (element.textContent !== text) {
        element.textContent = text;
      }
    });
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);
  document.addEventListener("click", function (event) {
    var full = event.target.closest("[data-fullscreen]");
    if (!full) {
      return;
    }
    var target = document.querySelector(full.getAttribute("data-fullscreen"));
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (target && target.requestFullscreen) {
      target.requestFullscreen();
    }
  });
})();
