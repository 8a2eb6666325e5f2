// A password box with data-reveal gets a "Show" button, so a parent can see what they typed
// (on a phone, a mistyped password is easy to miss). The button says what it does and whether
// the password is showing (aria-pressed); the box goes back to hidden when the form is sent.
// Its words come from the page, in the reader's language: data-reveal-show and
// data-reveal-hide on the box, and data-reveal says what is shown (read by screen readers).
(function () {
  "use strict";
  document.querySelectorAll("input[data-reveal]").forEach(function (input) {
    var group = document.createElement("div");
    group.className = "input-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    var showText = input.getAttribute("data-reveal-show") || "";
    var hideText = input.getAttribute("data-reveal-hide") || "";
    var label = document.createElement("span");
    label.textContent = showText;
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + input.getAttribute("data-reveal");
    button.append(label, hidden);
    group.appendChild(button);
    button.addEventListener("click", function () {
      var showing = input.type === "text";
      input.type = showing ? "password" : "text";
      label.textContent = showing ? showText : hideText;
      button.setAttribute("aria-pressed", showing ? "false" : "true");
      input.focus();
    });
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
      });
    }
  });
})();
