// The register: a tap whose answer never comes, or comes as an error, says so in the child's
// row (role="alert", so a screen reader reads it out) and leaves the row usable; the room's
// ratio banner then reloads, since nobody knows whether the tap was saved.
(function () {
  "use strict";

  // The messages come from the page (#register-messages), in the reader's language.
  function text(name, values) {
    var holder = document.getElementById("register-messages");
    var message = (holder && holder.dataset[name]) || "";
    Object.keys(values || {}).forEach(function (key) {
      message = message.split("{" + key + "}").join(String(values[key]));
    });
    return message;
  }

  function messageFor(detail) {
    var xhr = detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (!status) {
      return text("noConnection");
    }
    if (status === 403) {
      return text("refused");
    }
    if (status === 404) {
      return text("notFound");
    }
    if (status === 429) {
      return text("tooMany");
    }
    if (status >= 500) {
      return text("serverError", {status: status});
    }
    return text("failed", {status: status});
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
      ? text("ratioFailed", {reason: messageFor(event.detail)})
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
      show(event.detail.elt, text("signedOut"));
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
