// The register: a tap whose answer never comes, or comes as an error, says so in the child's
// row (role="alert", so a screen reader reads it out) and leaves the row usable; the room's
// ratio banner then reloads, since nobody knows whether the tap was saved.
(function () {
  "use strict";

  function messageFor(detail) {
    var xhr = detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (!status) {
      return "No connection: the tap did not reach the server, so nothing was saved. " +
        "Check the Wi-Fi and tap again.";
    }
    if (status === 403) {
      return "Refused: you may have been signed out, or the page is out of date. " +
        "Reload the page and try again.";
    }
    if (status === 404) {
      return "Not found: this child or record is no longer on the register. Reload the page.";
    }
    if (status === 429) {
      return "Too many taps at once: wait a moment, then tap again.";
    }
    if (status >= 500) {
      return "Something went wrong on the server (error " + status + "). It may not have " +
        "been saved: check this row, then tap again.";
    }
    return "That did not work (error " + status + "). Reload the page and try again.";
  }

  function boxFor(elt) {
    var row = elt && elt.closest ? elt.closest("[data-tap-row]") : null;
    var box = row ? row.querySelector(".tap-error") : null;
    return box || document.getElementById("register-error");
  }

  function show(elt, text) {
    var box = boxFor(elt);
    if (!box) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger mt-2 mb-0";
    alert.textContent = text;
    box.replaceChildren(alert);
    var row = box.closest("[data-tap-row]");
    if (row) {
      row.querySelectorAll("button[disabled]").forEach(function (button) {
        button.disabled = false;
      });
    }
  }

  function failed(event) {
    var elt = event.detail.elt;
    var isBanner = elt && elt.id === "ratio-banner";
    show(elt, isBanner
      ? "The ratio could not be brought up to date: " + messageFor(event.detail)
      : messageFor(event.detail));
    if (!isBanner && window.htmx) {
      window.htmx.trigger(document.body, "ratio-changed");
    }
  }

  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  document.body.addEventListener("htmx:timeout", failed);

  // A sign-in that has lapsed sends the tap to the login page: never put that page in a row.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      show(event.detail.elt, "You have been signed out. Reload the page and sign in again; " +
        "that tap was not saved.");
    }
  });

  // A new tap clears the row's last error message.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.id === "ratio-banner") {
      return;
    }
    var box = boxFor(elt);
    if (box && box.id !== "register-error") {
      box.replaceChildren();
    }
  });
})();
