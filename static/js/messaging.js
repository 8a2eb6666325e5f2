// A conversation's page asks for new messages every few seconds (htmx polling of
// #poller): not while the tab is hidden, and once more as soon as it is shown again.
document.addEventListener("htmx:beforeRequest", function (event) {
  if (document.hidden && event.detail.elt.hasAttribute("data-poll")) {
    event.preventDefault();
  }
});
document.addEventListener("visibilitychange", function () {
  const poller = document.getElementById("poller");
  if (!document.hidden && poller && window.htmx) {
    window.htmx.trigger(poller, "poll-now");
  }
});
