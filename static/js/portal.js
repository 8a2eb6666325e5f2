// Behaviour without inline scripts (the Content-Security-Policy forbids them).
// <form data-confirm="Are you sure?"> asks before submitting.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// htmx: send the CSRF token with every request it makes.
document.addEventListener("htmx:configRequest", function (event) {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
