// The tracker's service worker (served at /sw.js so it controls every page).
// - Pages: from the network when there is one (and kept); without one, the copy kept last,
//   marked so the page shows "cập nhật lúc …" (the time the server rendered it).
// - Static files: kept; a hashed name never changes, so its kept copy is always right.
// - Reports queued offline: sent on Background Sync when no page is open to send them.
// - Sign-out: every kept page is dropped (the sign-out answer also says Clear-Site-Data).
import { flush, formData, headers } from "/static/js/offline/send.js";
import { setting } from "/static/js/offline/store.js";

const PAGES = "pages-v1";
const STATIC = "static-v1";
const KEPT_PAGES = 60;
const KEPT_STATIC_FILES = 40;
const FRESH_MS = 30 * 60 * 1000; // a page warmed less than this ago is not fetched again
const NOT_KEPT = ["/login/", "/logout/", "/admin/", "/api/", "/i18n/", "/sw.js", "/manifest"];

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== PAGES && name !== STATIC) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

const keptPage = (url) =>
  url.origin === self.location.origin && !NOT_KEPT.some((p) => url.pathname.startsWith(p));

async function keep(request, response) {
  const type = response.headers.get("Content-Type") || "";
  const storable =
    response.ok && !response.redirected && type.startsWith("text/html") &&
    !(response.headers.get("Cache-Control") || "").includes("no-store");
  if (!storable) {
    return;
  }
  const headers = new Headers(response.headers);
  headers.set("X-Kept-At", String(Date.now()));
  const body = await response.clone().arrayBuffer();
  const cache = await caches.open(PAGES);
  await cache.put(request.url, new Response(body, { status: 200, headers }));
  await trim(cache, KEPT_PAGES);
}

// Keep the `most` entries put last (a cache lists its entries in the order they were put).
async function trim(cache, most) {
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - most))) {
    await cache.delete(old);
  }
}

async function keptCopy(url) {
  const cache = await caches.open(PAGES);
  const copy = await cache.match(url);
  if (!copy) {
    return Response.error();
  }
  const html = (await copy.text()).replace('data-served="network"', 'data-served="cache"');
  return new Response(html, { status: 200, headers: copy.headers });
}

async function page(request) {
  try {
    const response = await fetch(request);
    await keep(request, response);
    return response;
  } catch {
    return keptCopy(request.url);
  }
}

// A hashed name (app.82c5cea1b2b7.css) never changes content: the kept copy is right. An
// unhashed one (development) is asked for each time, the kept copy serving offline only.
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  const kept = await cache.match(request);
  if (kept && HASHED.test(new URL(request.url).pathname)) {
    return kept;
  }
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      await trim(cache, KEPT_STATIC_FILES); // older releases' files go first
    }
    return response;
  } catch (error) {
    if (kept) {
      return kept;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate" && keptPage(url)) {
    event.respondWith(page(request));
  }
});

async function warm(urls) {
  const cache = await caches.open(PAGES);
  for (const href of urls) {
    const url = new URL(href, self.location.origin);
    if (!keptPage(url)) {
      continue;
    }
    const kept = await cache.match(url.href);
    if (kept && Date.now() - Number(kept.headers.get("X-Kept-At")) < FRESH_MS) {
      continue;
    }
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      await keep({ url: url.href }, response);
    } catch {
      return; // the signal is gone: the rest another time
    }
  }
}

async function forget() {
  for (const name of await caches.keys()) {
    await caches.delete(name);
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const work = {
    warm: () => warm(message.urls || []),
    "sign-out": forget,
  }[message.type];
  if (work) {
    event.waitUntil(
      work().then(() => event.source && event.source.postMessage({ type: `${message.type}-done` })),
    );
  }
});

// Background Sync: pages send the queue themselves when one is open (and can show a
// conflict); with none open, the worker sends what it can.
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") {
    return;
  }
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: "window" });
      if (open.length) {
        open.forEach((client) => client.postMessage({ type: "flush" }));
        return;
      }
      const user = await setting("user");
      await flush({
        user,
        transport: async (record) => {
          const response = await fetch(record.url, {
            method: "POST",
            body: formData(record),
            headers: headers(record),
            credentials: "same-origin",
          });
          const trigger = response.headers.get("HX-Trigger");
          return { status: response.status, url: response.url, trigger, html: "" };
        },
      });
    })(),
  );
});
