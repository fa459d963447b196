// The key figures' form: each row of women, men and other shows its total as one types.
(function () {
  "use strict";
  document.querySelectorAll("fieldset.count-row").forEach(function (row) {
    var output = row.querySelector("output.count-total");
    var inputs = row.querySelectorAll("input");
    function update() {
      var total = 0;
      for (var i = 0; i < inputs.length; i++) {
        var text = inputs[i].value.replace(/\s/g, "");
        if (text === "") continue;
        if (!/^\d+$/.test(text)) { output.textContent = "–"; return; }
        total += parseInt(text, 10);
      }
      output.textContent = String(total);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
  });
})();
