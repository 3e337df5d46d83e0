// Progressive enhancement: say beside each file button which files are chosen, in the page's
// language. Without this script the button still opens the picker and the form sends the
// files; the page lists them once they are uploaded.
(function () {
  "use strict";
  document.querySelectorAll(".file-button").forEach(function (wrapper) {
    var input = wrapper.querySelector("input[type=file]");
    var chosen = wrapper.querySelector(".file-button__chosen");
    if (!input || !chosen) { return; }
    function show() {
      var names = Array.prototype.map.call(input.files, function (file) { return file.name; });
      chosen.textContent = names.length ? names.join(", ") : chosen.getAttribute("data-none");
    }
    input.addEventListener("change", show);
    show();
  });
}());
