// Progressive enhancement: hide a field until the answer it depends on is given.
// Without this script every field is shown, and the server ignores the ones that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.service-form");
  if (!form) { return; }
  var items = form.querySelectorAll("[data-visible-if]");

  function currentValues(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update() {
    items.forEach(function (item) {
      var wanted = item.getAttribute("data-visible-values").split(" ");
      var given = currentValues(item.getAttribute("data-visible-if"));
      var show = given.some(function (value) { return wanted.indexOf(value) !== -1; });
      // Only fields that depend on this step are toggled; others are on the page for a reason.
      if (form.querySelector("[name='" + item.getAttribute("data-visible-if") + "']")) {
        item.hidden = !show;
      }
    });
  }

  form.addEventListener("change", update);
  update();
}());
