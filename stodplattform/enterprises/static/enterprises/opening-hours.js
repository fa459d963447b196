/* The week of opening hours on the enterprise's edit page. Without JavaScript the boxes
   "same as Monday" and "copy Monday's hours to Tuesday–Friday" are applied when the form is
   saved; with it, Monday's times are copied into the days' first rows at once, so that
   what is shown is what will be saved. No inline script or style (strict CSP). */
(function () {
  "use strict";
  document.querySelectorAll("[data-opening-hours]").forEach(function (week) {
    function rows(day) {
      return Array.prototype.slice.call(week.querySelectorAll(".hours-day[data-day='" + day + "'] .hours-row"));
    }
    function copyMonday(day) {
      var monday = rows(0);
      var target = rows(day);
      target.forEach(function (row, i) {
        var source = monday[i];
        ["opens", "closes"].forEach(function (name) {
          var input = row.querySelector("input[name$='-" + name + "']");
          var from = source && source.querySelector("input[name$='-" + name + "']");
          if (input) { input.value = from ? from.value : ""; }
        });
      });
    }
    week.querySelectorAll("[data-same-as-monday]").forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) { copyMonday(box.value); }
      });
    });
    var weekdays = week.querySelector("#hours-copy-to-weekdays");
    if (weekdays) {
      weekdays.addEventListener("change", function () {
        ["1", "2", "3", "4"].forEach(function (day) {
          var box = week.querySelector("#hours-same-" + day);
          if (box) { box.checked = weekdays.checked; }
          if (weekdays.checked) { copyMonday(day); }
        });
      });
    }
  });
})();
