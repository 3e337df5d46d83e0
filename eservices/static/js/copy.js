// Progressive enhancement: a button that copies the secret beside it to the clipboard.
// Without this script (or without a clipboard) the button stays hidden and the text can be
// selected and copied by hand, as the page says.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.querySelectorAll(".copy-field").forEach(function (field) {
    var text = field.querySelector("code");
    var button = field.querySelector(".copy-field__button");
    var status = field.querySelector(".copy-field__status");
    if (!text || !button || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        // Select the text so that one more step copies it.
        var range = document.createRange();
        range.selectNodeContents(text);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        status.textContent = button.getAttribute("data-failed");
      });
    });
  });
}());
