// Offline capture on staff tablets (docs/architecture.md, "Offline capture").
//
// Loaded on the register and the new-observation page only (templates/offline/_status.html),
// never on a family's page. While the browser is offline, a tap on the register (signing in;
// signing out to an adult named on the page) and the new-observation form are kept in a
// queue in IndexedDB, each item encrypted with AES-GCM under this person's key on this device
// (POST /offline/key/: held in memory as a CryptoKey that cannot be exported) with its own
// random IV. When the connection returns (the "online" event, and a retry timer with backoff)
// the queue is sent in order to the API (/api/v1/), each item with its Idempotency-Key and
// the time of the tap: a 2xx removes it; a 409 or 422 turns it into a conflict, shown with the
// server's words until the person dismisses it; a network error or a server error leaves it
// waiting; 401 keeps it waiting ("sign in again"); 403 "paused" wipes everything.

const DB_NAME = "portal-offline";
const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 5 * 60 * 1000;

const root = document.getElementById("offline-capture");
const messages = JSON.parse(root.dataset.messages);
const pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");
const statusBox = document.getElementById("offline-status");
const itemsBox = document.getElementById("offline-items");

const state = {
  db: null,
  key: null, // the CryptoKey, in memory only
  device: null,
  items: [], // [{id, payload}] of this device, decrypted, in the order they were kept
  syncing: false,
  retryMs: RETRY_FIRST_MS,
  retryTimer: null,
  signedOut: false,
  paused: false,
  noKey: false,
};

// --- Words -----------------------------------------------------------------------------------

function t(name, values) {
  let message = messages[name] || "";
  for (const [key, value] of Object.entries(values || {})) {
    message = message.split("{" + key + "}").join(String(value));
  }
  return message;
}

// A plural: the sample number of the same plural category as ``count`` (offline/messages.py).
function tn(name, count) {
  const forms = messages[name];
  const category = pluralRules.select(count);
  const sample = Object.keys(forms).find((n) => pluralRules.select(Number(n)) === category);
  return (forms[sample] || forms["5"]).split("{count}").join(String(count));
}

function clock(date) {
  return date.toLocaleTimeString(document.documentElement.lang || "en",
    {hour: "2-digit", minute: "2-digit"});
}

// --- IndexedDB -------------------------------------------------------------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("meta");
      request.result.createObjectStore("queue", {keyPath: "id", autoIncrement: true});
    };
    request.onsuccess = () => {
      const db = request.result;
      // The signed-out page deletes the store: let it (this page's copy is then forgotten).
      db.onversionchange = () => {
        db.close();
        state.db = null;
        state.key = null;
        state.items = [];
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
}

async function db() {
  if (!state.db) {
    state.db = await openDb();
  }
  return state.db;
}

async function run(storeName, mode, operation) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(storeName, mode);
    const request = operation(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

async function wipe() {
  if (state.db) {
    state.db.close();
    state.db = null;
  }
  state.key = null;
  state.items = [];
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = resolve;
    request.onerror = resolve;
    request.onblocked = resolve;
  });
}

// --- The key and encryption ------------------------------------------------------------------

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) {
    return decodeURIComponent(cookie.slice("csrftoken=".length));
  }
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function answerOf(response) {
  try {
    return await response.json();
  } catch (error) {
    return {};
  }
}

function bytesOf(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function loadKey() {
  const devices = (await run("meta", "readonly", (s) => s.get("devices"))) || [];
  const body = new FormData();
  devices.forEach((device) => body.append("device", device));
  let response;
  try {
    response = await fetch(root.dataset.keyUrl, {
      method: "POST", body, credentials: "same-origin", cache: "no-store",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"},
    });
  } catch (error) {
    state.noKey = true;
    return false;
  }
  const answer = await answerOf(response);
  if (response.status === 403 && answer.code === "paused") {
    await becomePaused();
    return false;
  }
  if (response.status === 401) {
    state.signedOut = true;
    return false;
  }
  if (!response.ok || !answer.key) {
    state.noKey = true;
    return false;
  }
  const gone = new Set(answer.gone || []);
  const kept = [answer.device, ...devices.filter((d) => d !== answer.device && !gone.has(d))];
  await run("meta", "readwrite", (s) => s.put(kept, "devices"));
  if (gone.size) {
    // Encrypted under a key that no longer exists: nobody can read it any more.
    const records = await run("queue", "readonly", (s) => s.getAll());
    for (const record of records.filter((r) => gone.has(r.device))) {
      await run("queue", "readwrite", (s) => s.delete(record.id));
    }
  }
  state.device = answer.device;
  state.key = await crypto.subtle.importKey("raw", bytesOf(answer.key), "AES-GCM", false,
    ["encrypt", "decrypt"]);
  state.noKey = false;
  state.signedOut = false;
  root.dataset.ready = "true";
  return true;
}

async function seal(payload) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(payload));
  const data = await crypto.subtle.encrypt({name: "AES-GCM", iv}, state.key, plain);
  return {device: state.device, iv, data};
}

async function unseal(record) {
  const plain = await crypto.subtle.decrypt({name: "AES-GCM", iv: record.iv}, state.key,
    record.data);
  return JSON.parse(new TextDecoder().decode(plain));
}

async function loadItems() {
  const records = await run("queue", "readonly", (s) => s.getAll());
  const items = [];
  for (const record of records) {
    if (record.device !== state.device) {
      continue; // another person's, on this shared tablet: sent when they sign in again
    }
    try {
      items.push({id: record.id, payload: await unseal(record)});
    } catch (error) {
      // Not readable with this key: left alone.
    }
  }
  state.items = items.sort((a, b) => a.id - b.id);
}

// --- The queue -------------------------------------------------------------------------------

async function keep(payload) {
  const record = await seal(payload);
  const id = await run("queue", "readwrite", (s) => s.add(record));
  state.items.push({id, payload});
  render();
}

async function change(item) {
  const record = await seal(item.payload);
  record.id = item.id;
  await run("queue", "readwrite", (s) => s.put(record));
}

async function remove(item) {
  await run("queue", "readwrite", (s) => s.delete(item.id));
  state.items = state.items.filter((i) => i.id !== item.id);
}

function waiting() {
  return state.items.filter((i) => i.payload.status === "waiting");
}

function conflicts() {
  return state.items.filter((i) => i.payload.status === "conflict");
}

function isOffline() {
  return !navigator.onLine;
}

function send(payload) {
  const headers = {"X-CSRFToken": csrfToken(), "Idempotency-Key": payload.key,
    "Accept": "application/json"};
  let body;
  if (payload.json) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(payload.json);
  } else {
    body = new FormData();
    payload.form.forEach(([name, value]) => body.append(name, value));
    payload.files.forEach((file) => body.append(
      file.field, new Blob([bytesOf(file.base64)], {type: file.type}), file.name));
  }
  return fetch(payload.url, {method: "POST", headers, body, credentials: "same-origin",
    cache: "no-store"});
}

function retryLater() {
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(sync, state.retryMs);
  state.retryMs = Math.min(state.retryMs * 2, RETRY_MAX_MS);
}

async function sync() {
  clearTimeout(state.retryTimer);
  if (state.syncing || state.paused) {
    return;
  }
  if (!state.key && !(await loadKey())) {
    render();
    if (!state.paused) {
      retryLater();
    }
    return;
  }
  state.syncing = true;
  let answered = 0; // sent, or answered with a conflict: the page is then out of date
  try {
    for (const item of [...state.items]) {
      if (item.payload.status !== "waiting") {
        continue;
      }
      let response;
      try {
        response = await send(item.payload);
      } catch (error) {
        retryLater(); // no connection: it waits
        return;
      }
      if (response.ok) {
        await remove(item);
        answered += 1;
        state.retryMs = RETRY_FIRST_MS;
        state.signedOut = false;
        continue;
      }
      const answer = await answerOf(response);
      if (response.status === 403 && answer.code === "paused") {
        await becomePaused();
        return;
      }
      if (response.status === 401 || (response.status === 403
          && String(answer.detail || "").includes("CSRF"))) {
        state.signedOut = true; // the session is over: it waits for the next sign-in
        retryLater();
        return;
      }
      if ([403, 404, 409, 422].includes(response.status)) {
        item.payload.status = "conflict";
        item.payload.detail = answer.detail || String(response.status);
        item.payload.code = answer.code || "";
        await change(item);
        answered += 1;
        continue;
      }
      retryLater(); // 429 or a server error: tried again later
      return;
    }
  } finally {
    state.syncing = false;
    render();
    if (answered) {
      refreshPage();
    }
  }
}

async function becomePaused() {
  state.paused = true;
  await wipe();
  render();
}

// After items were sent, the register's rows and ratio are brought up to date: the page is
// read again and its rows put in place (parsed inertly, then given to htmx).
async function refreshPage() {
  const rows = document.getElementById("register-rows");
  if (!rows) {
    return;
  }
  try {
    const response = await fetch(window.location.href, {credentials: "same-origin"});
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html")
      .getElementById("register-rows");
    if (response.ok && fresh) {
      const adopted = document.importNode(fresh, true);
      rows.replaceWith(adopted);
      if (window.htmx) {
        window.htmx.process(adopted);
        window.htmx.trigger(document.body, "ratio-changed");
      }
      render();
    }
  } catch (error) {
    // Offline again: the rows are brought up to date after the next send.
  }
}

// --- What the page shows ---------------------------------------------------------------------

function describe(payload) {
  return payload.label;
}

function noteInRow(item) {
  const row = item.payload.row && document.getElementById(item.payload.row);
  if (!row) {
    return;
  }
  let note = row.querySelector(".offline-note");
  if (!note) {
    note = document.createElement("div");
    note.className = "offline-note mt-2";
    row.querySelector(".tap-error").after(note);
  }
  const conflict = item.payload.status === "conflict";
  note.className = "offline-note mt-2 alert mb-0 py-2 " + (conflict ? "alert-danger" : "alert-info");
  note.replaceChildren(badge(conflict), " ", conflict ? item.payload.detail : describe(item.payload));
  row.querySelectorAll("form[data-offline] button").forEach((b) => { b.disabled = !conflict; });
}

function badge(conflict) {
  const span = document.createElement("span");
  span.className = "badge " + (conflict ? "text-bg-danger" : "text-bg-warning");
  span.textContent = conflict ? t("notSaved") : t("waitingRow");
  return span;
}

function render() {
  const nWaiting = waiting().length;
  const nConflicts = conflicts().length;
  let text = "";
  if (state.paused) {
    text = t("paused");
  } else if (isOffline()) {
    text = nWaiting ? tn("offlineWaiting", nWaiting) : t("offline");
    if (state.noKey && !state.key) {
      text = t("noKey");
    }
  } else if (nWaiting) {
    text = tn("onlineWaiting", nWaiting);
    if (state.signedOut) {
      text += " · " + t("signedOut");
    }
  }
  if (nConflicts) {
    text = (text ? text + " · " : "") + tn("conflicts", nConflicts);
  }
  statusBox.textContent = text;
  statusBox.hidden = !text;
  statusBox.classList.toggle("alert-danger", state.paused || nConflicts > 0);
  statusBox.classList.toggle("alert-warning", !(state.paused || nConflicts > 0));

  itemsBox.replaceChildren(...state.items.map((item) => {
    const li = document.createElement("li");
    const box = document.createElement("div");
    const conflict = item.payload.status === "conflict";
    const refused = conflict && item.payload.code === "refused";
    box.className = "alert py-2 mb-2 d-flex flex-wrap gap-2 align-items-center "
      + (conflict ? "alert-danger" : "alert-light border");
    if (conflict) {
      box.setAttribute("role", "alert");
    }
    li.append(box);
    const words = document.createElement("span");
    words.className = "me-auto";
    words.append(badge(conflict), " ", describe(item.payload));
    if (conflict) {
      const detail = document.createElement(refused ? "strong" : "span");
      detail.className = "d-block" + (refused ? " fs-5" : "");
      detail.textContent = item.payload.detail;
      words.append(detail);
      if (refused) {
        const call = document.createElement("strong");
        call.className = "d-block fs-5";
        call.textContent = t("restricted", {child: item.payload.child || ""});
        words.append(call);
      }
      const dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "btn btn-sm btn-danger";
      dismiss.textContent = t("dismiss");
      dismiss.addEventListener("click", async () => {
        await remove(item);
        render();
      });
      box.append(words, dismiss);
    } else {
      box.append(words);
    }
    noteInRow(item);
    return li;
  }));
}

// --- Taps on the register --------------------------------------------------------------------

function showInRow(elt, text) {
  const row = elt.closest("[data-tap-row]");
  const box = row ? row.querySelector(".tap-error") : document.getElementById("register-error");
  if (!box) {
    return;
  }
  const alert = document.createElement("div");
  alert.className = "alert alert-danger mt-2 mb-0";
  alert.textContent = text;
  box.replaceChildren(alert);
}

// What a register tap sends to the API, from the form and the button tapped; null when it
// cannot be kept offline (said in the row).
function tapPayload(form, formData, submitter) {
  const kind = form.dataset.offline;
  const at = new Date();
  const row = form.closest("[data-tap-row]");
  const base = {status: "waiting", key: crypto.randomUUID(), at: at.toISOString(),
    row: row ? row.id : null, child: form.dataset.childName};
  if (kind === "sign-in") {
    const adult = formData.get("dropped_off_by") || "";
    return {...base, url: "/api/v1/register/sign-ins",
      label: t("signIn", {child: form.dataset.childName, time: clock(at), adult}),
      json: {child: form.dataset.child, session: formData.get("session"),
        dropped_off_by: adult, at: base.at}};
  }
  if (kind === "sign-out") {
    if (submitter && submitter.closest(".alert-restriction")) {
      showInRow(form, t("restricted", {child: form.dataset.childName}));
      return null;
    }
    const adult = submitter ? submitter.querySelector(".fw-semibold").textContent.trim() : "";
    return {...base, url: "/api/v1/register/sign-outs",
      label: t("signOut", {child: form.dataset.childName, time: clock(at), adult}),
      json: {child: form.dataset.child, collector: formData.get("collector"),
        late_reason: formData.get("late_reason") || "", at: base.at}};
  }
  showInRow(form, t("passwordNeedsConnection"));
  return null;
}

// The last tap's request while online, in case it never reaches the server (htmx:sendError).
const lastTap = new WeakMap();

async function keepTap(form, formData, submitter) {
  const payload = tapPayload(form, formData, submitter);
  if (payload === null) {
    return;
  }
  const row = form.closest("[data-tap-row]");
  if (row) {
    row.querySelector(".tap-error").replaceChildren();
  }
  await keep(payload);
}

document.body.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest("form[data-offline]");
  if (!form || form.dataset.offline === "observation") {
    return;
  }
  const submitter = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
  const formData = new FormData(form, submitter || undefined);
  if (!isOffline() || !state.key) {
    lastTap.set(event.detail.elt, {form, formData, submitter});
    return;
  }
  event.preventDefault();
  keepTap(form, formData, submitter);
});

// Online as far as the browser knows, but the tap never reached the server: it is kept too
// (the server answers a tap it did receive with a conflict, "already signed in", never twice).
document.body.addEventListener("htmx:sendError", (event) => {
  const tap = lastTap.get(event.detail.elt);
  if (tap && state.key) {
    lastTap.delete(event.detail.elt);
    keepTap(tap.form, tap.formData, tap.submitter).then(retryLater);
  }
});

// --- The new-observation form ----------------------------------------------------------------

function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function keepObservation(form, submitter) {
  const formData = new FormData(form, submitter || undefined);
  const fields = [];
  const files = [];
  for (const [name, value] of formData.entries()) {
    if (name === "csrfmiddlewaretoken" || name === "action") {
      continue;
    }
    if (value instanceof File) {
      if (value.size) {
        files.push({field: name, name: value.name, type: value.type,
          base64: await base64Of(value)});
      }
    } else {
      fields.push([name, value]);
    }
  }
  fields.push(["publish", formData.get("action") === "publish" ? "true" : "false"]);
  const children = [...form.querySelectorAll("input[name=children]:checked")]
    .map((box) => form.querySelector(`label[for="${box.id}"]`).textContent.trim());
  const observedOn = formData.get("observed_on") || "";
  await keep({status: "waiting", key: crypto.randomUUID(), at: new Date().toISOString(),
    url: "/api/v1/observations", form: fields, files, row: null,
    label: t("observation", {children: children.join(", "), date: observedOn})});
  form.reset();
  const kept = document.getElementById("offline-kept");
  if (kept) {
    kept.textContent = t("observationKept");
    kept.hidden = false;
  }
}

const observationForm = document.querySelector("form[data-offline=observation]");
if (observationForm) {
  observationForm.addEventListener("submit", (event) => {
    if (!isOffline() || !state.key) {
      return;
    }
    event.preventDefault();
    keepObservation(observationForm, event.submitter);
  });
}

// --- Signing out with items still waiting ----------------------------------------------------

document.addEventListener("submit", (event) => {
  // getAttribute: a form with a field named "action" (the observation's) shadows .action.
  const form = event.target;
  if (!(form.getAttribute("action") || "").endsWith("/accounts/logout/")) {
    return;
  }
  const count = state.items.length;
  if (count && !window.confirm(tn("signOutWarning", count))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// --- Start -----------------------------------------------------------------------------------

window.addEventListener("online", () => {
  state.retryMs = RETRY_FIRST_MS;
  render();
  sync();
});
window.addEventListener("offline", render);

(async () => {
  if (await loadKey()) {
    await loadItems();
  }
  render();
  if (state.key && waiting().length) {
    sync();
  }
})();
