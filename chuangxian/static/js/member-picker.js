// Member pickers (core.forms.MemberPickerWidget): every <select multiple data-member-picker> becomes a
// Tom Select box. Typing a name, pinyin initials ("zw" finds 张伟) or a staff number narrows the list;
// a tap adds a member, the × on a chip removes one. The options come from the server with the
// initials and staff number in data-initials and data-staff-no; without JavaScript the plain
// multi-select stays and still works.
(function () {
  "use strict";

  function noResults(select) {
    return function (data, escape) {
      return '<div class="no-results">' + escape(select.getAttribute("data-no-results") || "") + "</div>";
    };
  }

  function initialise(root) {
    root.querySelectorAll("select[multiple][data-member-picker]").forEach(function (select) {
      if (select.tomselect || typeof TomSelect === "undefined") {
        return;
      }
      select.removeAttribute("size");
      new TomSelect(select, {
        plugins: ["remove_button"],
        valueField: "value",
        labelField: "text",
        searchField: ["text", "initials", "staffNo"],
        maxOptions: null,
        hidePlaceholder: true,
        // After a pick the list closes and the search clears: an open list would cover the next
        // field on a phone, and a thumb meant for that field would pick a member instead.
        closeAfterSelect: true,
        clearAfterSelect: true,
        placeholder: select.getAttribute("data-placeholder") || "",
        render: { no_results: noResults(select) },
        // On a phone the box also lets go of the focus after a pick: the keyboard closes and the
        // box shrinks back at once, not under the thumb that is already on its way to the next
        // button (a tap on 保存 while the box was still shrinking landed beside the button).
        onItemAdd: function () {
          if (window.matchMedia("(pointer: coarse)").matches) {
            this.blur();
          }
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initialise(document);
  });
  // Forms that htmx swaps in later get their pickers too.
  document.addEventListener("htmx:load", function (event) {
    initialise(event.detail.elt);
  });
})();
