/* The SNI industry picker on the enterprise's edit page: a filter box over a plain checkbox
   list. Without JavaScript the list works as it is; with it, typing narrows the list to the
   industries whose code or name contains the text. Ticked industries always stay in view.
   No inline script or style (strict CSP): elements are shown and hidden with the hidden attribute. */
(function () {
  "use strict";
  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  document.querySelectorAll("[data-sni-picker]").forEach(function (picker) {
    var filter = picker.querySelector("[data-sni-filter]");
    var input = filter.querySelector("input");
    var status = picker.querySelector("[data-sni-status]");
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-sni-item]"));
    var template = status.getAttribute("data-template");
    filter.hidden = false;
    function update() {
      var words = normalise(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = normalise(item.textContent);
        var ticked = item.querySelector("input").checked;
        var match = ticked || words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = words.length ? template.replace("%(shown)s", shown).replace("%(total)s", items.length) : "";
    }
    input.addEventListener("input", update);
    // Enter in the filter box must not send the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
})();
