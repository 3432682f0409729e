// The officer app's service worker: the app opens and shows the last answers it read when there is
// no network. Versioned files (v/<build>/…) never change: cache first. Pages and config.js: network
// first, the cached copy offline. The officer's API reads (GET with a token): network first, the last
// answer offline, marked with the time it was read (header X-Samabay-Offline). Writes are never
// touched: offline they fail and the screen says so; nothing is queued.
const SHELL = 'samabay-shell-v1';
const READS = 'samabay-reads';
const SAVED_AT = 'x-samabay-saved-at';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== SHELL && k !== READS).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page names what it loaded before this worker controlled it (the page empties the reads itself
// when the officer logs out).
self.addEventListener('message', event => {
  const { kind, urls } = event.data || {};
  if (kind === 'keep') event.waitUntil(caches.open(SHELL).then(c => c.addAll(urls)).catch(() => {}));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin === self.location.origin) {
    if (url.pathname.includes('/v/')) event.respondWith(cacheFirst(request));
    else event.respondWith(networkFirst(request));
  } else if (request.headers.get('Authorization')) {
    event.respondWith(lastRead(request));
  }
});

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await caches.match(request,
      { cacheName: SHELL, ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    throw err;
  }
}

// An answer is kept under its URL and the token that read it: another officer's session never sees it.
async function readKey(request) {
  const token = new TextEncoder().encode(request.headers.get('Authorization'));
  const digest = await crypto.subtle.digest('SHA-256', token);
  const tag = [...new Uint8Array(digest).slice(0, 8)].map(b => b.toString(16).padStart(2, '0')).join('');
  const url = new URL(request.url);
  url.searchParams.set('_session', tag);
  return url.href;
}

async function lastRead(request) {
  const key = await readKey(request);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set(SAVED_AT, new Date().toISOString());
      const copy = new Response(await response.clone().blob(), { status: response.status, headers });
      (await caches.open(READS)).put(key, copy);
    }
    return response;
  } catch (err) {
    const cached = await caches.match(key, { cacheName: READS });
    if (!cached) throw err;
    const headers = new Headers(cached.headers);
    headers.set('X-Samabay-Offline', cached.headers.get(SAVED_AT) || '');
    return new Response(await cached.blob(), { status: cached.status, headers });
  }
}
