/* "Få stöd": say at once when the chosen municipality has no support platform, and link the
   advice of "Har du en idé?" for it. Without JavaScript the list's two groups say the same, and
   the server answers with the same notice after sending. No inline script or style (strict CSP). */
(function () {
  "use strict";
  var select = document.getElementById("id_municipality");
  var notice = document.getElementById("no-platform");
  if (!select || !notice) { return; }
  var covered = (select.getAttribute("data-covered") || "").split(" ");
  var link = document.getElementById("no-platform-advice");
  var ideaUrl = notice.getAttribute("data-idea-url");
  function update() {
    var code = select.value;
    var uncovered = code !== "" && covered.indexOf(code) === -1;
    notice.hidden = !uncovered;
    if (uncovered) {
      link.href = ideaUrl + "?kommun=" + encodeURIComponent(code) + "#idea-answer";
    }
  }
  select.addEventListener("change", update);
  update();
})();
