// The new token's "Copy" button: <button data-copy-from="input id" data-copied-label="...">.
// No inline script: the Content-Security-Policy forbids it.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy-from]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copyFrom);
  const status = document.getElementById(button.dataset.copyFrom + "-copy-status") ||
    document.getElementById("api-token-copy-status");
  field.select();
  const done = function () {
    if (status) {
      status.textContent = button.dataset.copiedLabel;
    }
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () {
      document.execCommand("copy");
      done();
    });
  } else {
    document.execCommand("copy");
    done();
  }
});
