// Familienwegweiser's service worker: written by the build (site/offline.py) at the site's root, so its scope is
// the site wherever it is deployed. After one visit the home page, the emergency numbers, "Mein Kind", the Merkliste
// and every page the family opened work without a connection.
// - Pages and files: network first (a rebuilt site shows its new content when online), the cache when offline.
// - Only this site's own addresses: a request to another host (map tiles) is never answered or kept here.
// - Never kept: the search (Pagefind needs its whole index), the booklets (druck/: large PDFs), the form.
// - The cache's name carries the build's version (a hash of the precached files): a new build's worker fills its
//   own cache and deletes the older ones of this site when it takes over.
"use strict";
const DATEN = /*WW-DATEN*/null;
const SCOPE = new URL("./", self.location.href).href;
const PREFIX = "ww-offline:" + SCOPE + ":";
const CACHE = PREFIX + DATEN.version;

function address(path) { return new URL(path, SCOPE).href; }
function within(url) { return url.href.startsWith(SCOPE) ? url.href.slice(SCOPE.length) : null; }
function key(url) { return url.origin + url.pathname; } // filters (?wann=, ?alter=) change nothing the server sends

// The language of a page: the longest language folder its address starts with ("" is the main language).
function language(path) {
  let found = "";
  for (const folder of Object.keys(DATEN.sprachen)) {
    if (folder && path.startsWith(folder) && folder.length > found.length) found = folder;
  }
  return found;
}

function neverKept(path) {
  const own = path.slice(language(path).length);
  return DATEN.nie.some((start) => path.startsWith(start) || own.startsWith(start)) || /\.pdf$/i.test(path);
}

async function store(cache, paths) {
  // "no-cache": the files of this build, not an older copy the browser's HTTP cache may hold
  await cache.addAll(paths.map((path) => new Request(address(path), { cache: "no-cache" })));
}

// A language's pages are kept once a page of that language was opened (a family reading Arabic downloads no
// Russian pages).
async function keepLanguage(folder) {
  const cache = await caches.open(CACHE);
  const pages = DATEN.sprachen[folder];
  if (!pages || !pages.seiten.length || await cache.match(address(pages.seiten[0]))) return;
  await store(cache, pages.seiten);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await store(cache, DATEN.dateien);
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const folders = new Set([""]);
    for (const client of windows) {
      const path = within(new URL(client.url));
      if (path !== null) folders.add(language(path));
    }
    for (const folder of folders) await keepLanguage(folder);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// What a page shows offline when it was never kept: the offline page of its language, with a <base> so that its
// links (written for offline/) lead where they should from any address.
async function offlinePage(path) {
  const folder = language(path);
  const pages = DATEN.sprachen[folder] || DATEN.sprachen[""];
  const target = address(pages.offline);
  const kept = await caches.match(target, { cacheName: CACHE });
  if (!kept) return Response.error();
  const html = (await kept.text()).replace("<head>", '<head><base href="' + target + '">');
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function networkFirst(event, url, path, page) {
  try {
    const response = await fetch(event.request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key(url), copy)));
    }
    if (page) event.waitUntil(keepLanguage(language(path)).catch(() => {}));
    return response;
  } catch (error) {
    const kept = await caches.match(key(url), { cacheName: CACHE, ignoreSearch: true });
    if (kept) return kept;
    if (page) return offlinePage(path);
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const path = url.origin === self.location.origin ? within(url) : null;
  if (path === null) return; // another host, or outside the site: the browser fetches it as if there were no worker
  const page = request.mode === "navigate";
  if (neverKept(path)) {
    if (page) event.respondWith(fetch(request).catch(() => offlinePage(path)));
    return;
  }
  event.respondWith(networkFirst(event, url, path, page));
});
