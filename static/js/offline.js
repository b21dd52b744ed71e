// Every page: installs the service worker, keeps reports made without signal in the
// outbox ("chờ gửi") and sends them when the signal returns, shows upload progress, and
// drops what was kept for offline use when the user signs out.
import { CONFLICT, flush, formData, headers, SAVED } from "./offline/send.js";
import { entries, remember, save } from "./offline/store.js";

const body = document.body;
const user = body.dataset.user || "";
const outbox = document.getElementById("outbox");

const cookie = (name) =>
  (document.cookie.split("; ").find((c) => c.startsWith(`${name}=`)) || "").split("=")[1] || "";
const newKey = () =>
  crypto.randomUUID ? crypto.randomUUID().replaceAll("-", "") : String(Date.now() + Math.random());
const worker = async () =>
  "serviceWorker" in navigator ? (await navigator.serviceWorker.ready).active : null;
const taskMain = () => document.getElementById("task-main");
// The version the page shows: its progress form's, which every saved report swaps in anew.
const currentVersion = () =>
  document.querySelector('form[data-offline-kind="progress"] [name="expected_version"]')?.value ||
  "";

async function mine() {
  return user ? (await entries()).filter((record) => record.user === user) : [];
}

async function render() {
  if (!outbox) {
    return;
  }
  const list = outbox.querySelector("ul");
  const queued = await mine();
  list.replaceChildren(
    ...queued.map((record) => {
      const item = document.createElement("li");
      item.className = "list-group-item small d-flex flex-wrap gap-2 align-items-center";
      item.dataset.outbox = record.state;
      item.dataset.key = record.key;
      const link = document.createElement("a");
      link.href = `/tasks/${record.taskId}/`;
      link.textContent = `${outbox.dataset[`kind${record.kind}`] || record.kind}: ${record.title}`;
      const state = document.createElement("span");
      state.className = "badge text-bg-warning";
      state.textContent = outbox.dataset[`state${record.state.replace("-", "")}`] || record.state;
      const bar = document.createElement("progress");
      bar.max = 1;
      bar.value = 0;
      bar.hidden = true;
      item.append(link, " ", record.summary || "", state, bar);
      return item;
    }),
  );
  outbox.hidden = queued.length === 0;
}

function progressOf(key, share) {
  const item = outbox && outbox.querySelector(`[data-key="${key}"]`);
  if (item) {
    const bar = item.querySelector("progress");
    bar.hidden = false;
    bar.value = share;
    item.querySelector(".badge").textContent = outbox.dataset.statesending;
  }
}

// A queued report sent like the page would (htmx headers), with upload progress.
function send(record) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", record.url);
    for (const [name, value] of Object.entries(headers(record, cookie("csrftoken")))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => e.lengthComputable && progressOf(record.key, e.loaded / e.total);
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        url: xhr.responseURL,
        trigger: xhr.getResponseHeader("HX-Trigger"),
        html: xhr.responseText,
      });
    xhr.onerror = () => reject(new Error("network"));
    xhr.ontimeout = () => reject(new Error("timeout"));
    xhr.timeout = 5 * 60 * 1000;
    xhr.send(formData(record));
  });
}

// On the task's own page, the server's answer replaces the task: the report in its history,
// or the conflict (newer figures, the typed entries kept, the evidence file put back). A
// saved report that kept the task open is answered with only the parts it changed, swapped
// out of band (issue 17), as htmx does with the form's own answer.
function show(record, outcome, answer) {
  const current = taskMain();
  if (!current || current.dataset.task !== String(record.taskId) || !answer || !answer.html) {
    return false;
  }
  const template = document.createElement("template");
  template.innerHTML = answer.html;
  const fresh = template.content.querySelector("#task-main");
  if (!fresh) {
    const parts = template.content.querySelector("[hx-swap-oob]");
    if (outcome !== SAVED || !parts || !window.htmx) {
      return false;
    }
    window.htmx.swap(current, answer.html, { swapStyle: "none" });
    return true;
  }
  current.replaceWith(fresh);
  window.htmx && window.htmx.process(fresh);
  if (outcome === CONFLICT) {
    for (const [name, value] of record.fields) {
      const input = fresh.querySelector(`form[data-offline-kind="${record.kind}"] [name="${name}"]`);
      if (value instanceof File && input && input.type === "file") {
        const files = new DataTransfer();
        files.items.add(value);
        input.files = files.files;
      }
    }
  }
  return true;
}

let flushing = null;
async function sendQueued() {
  if (!user || !navigator.onLine) {
    return;
  }
  flushing =
    flushing ||
    flush({
      user,
      transport: send,
      done: (record, outcome, answer) =>
        (outcome === SAVED || outcome === CONFLICT) && show(record, outcome, answer),
      includeConflicts: (record) => taskMain()?.dataset.task === String(record.taskId),
    }).finally(() => {
      flushing = null;
      render();
    });
  return flushing;
}

function tooLarge(form) {
  for (const input of form.querySelectorAll("input[type=file][data-max-bytes]")) {
    if ([...input.files].some((file) => file.size > Number(input.dataset.maxBytes))) {
      return input;
    }
  }
  return null;
}

async function queue(form) {
  const large = tooLarge(form);
  if (large) {
    large.setCustomValidity(large.dataset.tooLarge);
    large.reportValidity();
    return;
  }
  const fields = [...new FormData(form)].filter(
    ([, value]) => !(value instanceof File) || value.size > 0,
  );
  const data = Object.fromEntries(fields.filter(([, value]) => !(value instanceof File)));
  const main = taskMain();
  const record = {
    key: data.idempotency_key || newKey(),
    user,
    kind: form.dataset.offlineKind,
    url: form.action,
    taskId: main ? main.dataset.task : "",
    title: main ? main.dataset.title : "",
    version: data.expected_version || currentVersion(),
    summary: form.dataset.offlineKind === "progress" ? `${data.percent}%` : "",
    fields,
    csrf: cookie("csrftoken"),
    createdAt: Date.now(),
    state: "waiting",
  };
  await save(record);
  form.reset();
  form.querySelectorAll('[name="idempotency_key"]').forEach((input) => (input.value = newKey()));
  await render();
  const registration = "serviceWorker" in navigator && (await navigator.serviceWorker.ready);
  if (registration && registration.sync) {
    registration.sync.register("outbox").catch(() => {});
  }
}

document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (form.dataset.offlineKind && !navigator.onLine) {
      event.preventDefault();
      event.stopImmediatePropagation();
      queue(form);
    }
  },
  true,
);
// Sent with signal, but no answer came (the link dropped): keep it; the key makes a
// report that did land count once.
document.addEventListener("htmx:sendError", (event) => {
  const form = event.detail.elt.closest("form[data-offline-kind]");
  if (form) {
    queue(form);
  }
});
document.addEventListener("htmx:xhr:progress", (event) => {
  const bar = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
  if (bar && event.detail.lengthComputable) {
    bar.hidden = false;
    bar.value = event.detail.loaded / event.detail.total;
  }
});
document.addEventListener("change", (event) => {
  if (event.target.matches("input[type=file]")) {
    event.target.setCustomValidity("");
  }
});

// Signing out: warn if reports still wait (they are dropped with everything kept), and
// tell the worker to drop the kept pages at once.
for (const form of document.querySelectorAll("form[data-sign-out]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const waiting = (await mine()).length;
    if (waiting && !window.confirm(form.dataset.waitingMessage.replace("%s", waiting))) {
      return;
    }
    const active = await Promise.race([worker(), new Promise((r) => setTimeout(r, 500))]);
    active && active.postMessage({ type: "sign-out" });
    form.submit();
  });
}

async function start() {
  if ("serviceWorker" in navigator) {
    await navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" });
    navigator.serviceWorker.addEventListener("message", (event) => {
      const type = event.data && event.data.type;
      if (type === "flush") {
        sendQueued();
      } else if (type === "warm-done") {
        body.dataset.kept = "true"; // this page and the tasks it lists are kept offline
      }
    });
  }
  if (!user) {
    // Nobody is signed in here: nothing kept for someone else may stay.
    const active = await worker();
    active && active.postMessage({ type: "sign-out" });
    return;
  }
  await remember("user", user);
  await render();
  await sendQueued();
  const saveData = navigator.connection && navigator.connection.saveData;
  if (navigator.onLine && !saveData) {
    const links = [...document.querySelectorAll("a[data-keep-offline]")].map((a) => a.href);
    const active = await worker();
    active && active.postMessage({ type: "warm", urls: [location.href, ...links] });
  }
}

window.addEventListener("online", sendQueued);
// The signal can come back without the browser noticing it was gone (a request just failed).
setInterval(sendQueued, 60 * 1000);
start();
