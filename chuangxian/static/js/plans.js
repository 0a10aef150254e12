// Unit plans: small conveniences, the pages work without them.
(function () {
  "use strict";

  // Review form: choosing 退回修改 makes the comment required and moves the cursor there.
  document.querySelectorAll("form[data-plan-review]").forEach(function (form) {
    var comment = form.querySelector("textarea[name=comment]");
    if (!comment) return;
    form.querySelectorAll("input[name=decision]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var returning = radio.checked && radio.value === "returned";
        comment.required = returning;
        if (returning) comment.focus();
      });
    });
  });

  // Compare page: picking a version shows the comparison at once.
  document.querySelectorAll("form[data-plan-compare] select").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();
