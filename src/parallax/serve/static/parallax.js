// Parallax UI: the only script. Turns the reader's legend into toggles for each highlight layer.
(function () {
  "use strict";
  var legend = document.getElementById("legend");
  var body = document.querySelector(".reader .body");
  if (!legend || !body) { return; }
  Array.prototype.forEach.call(legend.querySelectorAll("span[class^=hl-]"), function (span) {
    var layer = span.className.replace("hl-", "");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "toggle " + span.className;
    button.textContent = span.textContent;
    button.setAttribute("aria-pressed", "true");
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      body.classList.toggle("off-" + layer, !on);
    });
    span.replaceWith(button);
  });
}());
