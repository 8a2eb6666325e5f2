// The page after signing out (offline/views.py signed_out): delete the device's store of
// what waited to be sent (static/offline/offline.js), then go on to the sign-in page. The
// server has already deleted the key that encrypted it.
(function () {
  "use strict";
  var holder = document.getElementById("offline-wipe");
  function next() {
    if (holder && holder.dataset.next) {
      window.location.replace(holder.dataset.next);
    }
  }
  if (!window.indexedDB) {
    next();
    return;
  }
  var request = window.indexedDB.deleteDatabase("portal-offline");
  request.onsuccess = next;
  request.onerror = next;
  // Another tab holding the store open delays the deletion until it closes.
  request.onblocked = function () {};
})();
