// Service worker: the app works offline after its first load.
//
// The cache is named by build (`__BUILD__` is replaced by web/stamp-sw.sh after
// each trunk build with the package version and the wasm file's content hash), so a
// new release installs a fresh cache and deletes the old one.
const CACHE = 'second-story-__BUILD__';
const PRECACHE = __ASSETS__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('second-story-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: fresh when online (so a new release is picked up), cached when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put('./', copy));
          return response;
        })
        .catch(() => caches.match('./').then((r) => r || caches.match('index.html'))),
    );
    return;
  }
  // Everything else is content-hashed by trunk: the cache is always right.
  event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
});
