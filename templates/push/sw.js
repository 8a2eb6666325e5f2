// The portal's service worker (served from /sw.js by push.views.service_worker).
// It shows web pushes and opens their page. It has no fetch handler: it caches nothing, so
// the private pages of the portal are only ever read from the server.
"use strict";

const ICON = "{{ icon|escapejs }}";
const FALLBACK_TITLE = "{{ site_name|escapejs }}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Only a path of this site is ever opened.
function portalUrl(path) {
  try {
    const url = new URL(typeof path === "string" ? path : "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = typeof data.title === "string" ? data.title : FALLBACK_TITLE;
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === "string" ? data.body : "",
    icon: ICON,
    badge: ICON,
    // The text is in the recipient's language, which the push does not name.
    lang: "",
    data: { url: portalUrl(data.url) },
  }));
});

// A tap opens the page (which asks for sign-in if needed), in a window of the portal if one
// is open.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = portalUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open && "navigate" in open) {
        return open.navigate(url).then((client) => (client || open).focus());
      }
      return self.clients.openWindow(url);
    }));
});
