// The devices page (templates/push/devices.html): turning notifications on and off for this
// device. No inline script: the Content-Security-Policy forbids it.
"use strict";

(function () {
  const panel = document.getElementById("push-panel");
  if (!panel) {
    return;
  }
  const status = document.getElementById("push-status");
  const onButton = document.getElementById("push-on");
  const offButton = document.getElementById("push-off");
  const token = panel.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The words shown here come from the page, in the reader's language.
  const labels = panel.dataset;

  function say(text) {
    status.textContent = text;
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  function markThisDevice(uuid) {
    document.querySelectorAll("[data-device] .this-device").forEach(function (badge) {
      badge.hidden = badge.closest("[data-device]").dataset.device !== uuid;
    });
  }

  function keyBytes(base64url) {
    const base64 = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function sameKey(subscription) {
    const key = subscription.options && subscription.options.applicationServerKey;
    if (!key) {
      return true;
    }
    const mine = keyBytes(panel.dataset.publicKey);
    const theirs = new Uint8Array(key);
    return mine.length === theirs.length && mine.every((byte, i) => byte === theirs[i]);
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = {};
    }
    if (!response.ok) {
      throw new Error(answer.message || labels.labelSaveFailed);
    }
    return answer;
  }

  async function register(subscription) {
    const answer = await post(panel.dataset.subscribeUrl, subscription.toJSON());
    markThisDevice(answer.device);
    return answer;
  }

  async function turnOn() {
    onButton.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        say(labels.labelBlockedTry);
        return;
      }
      const registration = await navigator.serviceWorker.register(
        panel.dataset.workerUrl, { scope: "/" });
      await navigator.serviceWorker.ready;
      let subscription;
      try {
        subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(panel.dataset.publicKey),
        });
      } catch (error) {
        say(labels.labelNoPushService);
        return;
      }
      await register(subscription);
      show(true);
      say(labels.labelTurnedOn);
    } catch (error) {
      say(error.message);
    } finally {
      onButton.disabled = false;
    }
  }

  async function turnOff() {
    offButton.disabled = true;
    try {
      const registration = await navigator.serviceWorker.getRegistration("/");
      const subscription = registration && await registration.pushManager.getSubscription();
      if (subscription) {
        await post(panel.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      show(false);
      markThisDevice("");
      say(labels.labelOff);
    } catch (error) {
      say(error.message);
    } finally {
      offButton.disabled = false;
    }
  }

  async function start() {
    if (!("serviceWorker" in navigator) || !("PushManager" in window)
        || !("Notification" in window)) {
      say(labels.labelUnsupportedIos);
      return;
    }
    if (Notification.permission === "denied") {
      say(labels.labelBlockedComeBack);
      return;
    }
    const registration = await navigator.serviceWorker.getRegistration("/");
    let subscription = registration && await registration.pushManager.getSubscription();
    if (subscription && !sameKey(subscription)) {
      // The portal's keys have changed: this subscription can no longer be used.
      await post(panel.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
      subscription = null;
    }
    if (subscription) {
      // Sent again each time: the browser may have renewed it, or another person on this
      // device may have turned it on for themselves.
      try {
        await register(subscription);
        say(labels.labelOn);
        show(true);
      } catch (error) {
        say(error.message);
        show(false);
      }
      return;
    }
    say(labels.labelOff);
    show(false);
  }

  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  start().catch(function () {
    say(labels.labelUnsupported);
  });
})();
