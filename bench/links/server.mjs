// The loopback site: the corpus served by node:http on 127.0.0.1 with the planned breakage
// applied to each page as it is served (cached once rewritten), the special routes the
// answer key points at, and stand-ins for the outside world: every external host the
// corpus links to is given its own loopback address (127.77.x.y, one port for all), which
// answers 200 for the URLs the corpus links to (with their #fragments as ids) and 404 for
// anything else. No request ever leaves the machine, except the DNS look-ups of the
// `.invalid` hosts that the key expects to fail.
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { BODY_MARK, SOFT_404_PREFIXES, escapeAttr } from './inject.mjs';
import { ABSOLUTE_ORIGIN, LINK_ATTR, fileFor } from './scan.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.inv': 'application/octet-stream', '.gz': 'application/gzip', '.ico': 'image/x-icon', '.zip': 'application/zip', '.py': 'text/plain; charset=utf-8' };
const SLOW_MS = 1_500;
const STALL_MS = 30_000;
const RETRY_AFTER_S = 2;

const page = (title, body, lang = 'en') => Buffer.from(`<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>\n`);
const NOT_FOUND = page('404 Not Found', '<p>The requested URL was not found on this server.</p>');
/** Soft-404 pages as sites write them, by prefix (see SOFT_404_PREFIXES). */
const SOFT_404 = {
  '/archive/': page('Page not found — Python 3.11 documentation', '<p>Sorry, the page you are looking for does not exist or has been moved. Try the <a href="/search.html">search</a> or go back to the <a href="/index.html">home page</a>.</p>'),
  '/de/archiv/': page('Seite nicht gefunden', '<p>Die angeforderte Seite existiert leider nicht (mehr). Zur <a href="/index.html">Startseite</a>.</p>', 'de'),
  '/fr/archives/': page('Page introuvable', '<p>Oups ! La page que vous cherchez n’existe pas ou a été déplacée. Retour à l’<a href="/index.html">accueil</a>.</p>', 'fr'),
  '/es/archivo/': page('Página no encontrada', '<p>Lo sentimos, la página que buscas no existe. Volver al <a href="/index.html">inicio</a>.</p>', 'es'),
};
const CHALLENGE = page('Just a moment...', '<p>Checking if the site connection is secure. Enable JavaScript and cookies to continue.</p><noscript>Please enable JavaScript</noscript>');
const CAPTCHA = page('Access denied', '<p>Please verify you are a human. Complete the captcha below to continue.</p><div class="g-recaptcha" data-sitekey="bench"></div>');
const SERVER_ERROR = page('500 Internal Server Error', '<p>The server encountered an internal error.</p>');

/**
 * Starts the site and the external stand-ins. Returns
 * { origin, port, externalHosts, stats(), reset(), close() }. With `offline: true` there are
 * no stand-ins: external links keep their real hosts, for a checker whose resolver makes
 * them unreachable (bench/links/unreachable.mjs); prepare() then checks nothing leaves.
 */
export async function startSite({ root, scan, plan, offline = false }) {
  const externals = collectExternals(scan);
  const cache = new Map();
  const busySince = new Map();
  const sockets = new Set();
  const timers = new Set();
  const freshCounts = () => ({ site: 0, external: 0, externalUnknown: 0, methods: {}, unknownExternal: [], since: performance.now(), stalledAt: [], lastAt: 0 });
  let counts = freshCounts();

  const later = (ms, fn) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const send = (req, res, status, body, headers = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const redirect = (req, res, location, status = 302) => send(req, res, status, page('Moved', `<p><a href="${location}">${location}</a></p>`), { location });

  const servePage = (file) => {
    let body = cache.get(file);
    if (!body) {
      body = Buffer.from(rewritePage(file, readFileSync(join(root, file), 'utf8')));
      cache.set(file, body);
    }
    return body;
  };
  const rewritePage = (file, html) => {
    const rewrites = plan.rewrites.get(file);
    let index = -1;
    let out = html.replace(LINK_ATTR, (match, attr, raw) => {
      index++;
      const replaced = rewrites?.get(index);
      return replaced === undefined ? match : `${match[0]}${attr}="${escapeAttr(replaced)}"`;
    });
    // Every external origin, wherever it appears (attributes, stray spaces, text), goes to its stand-in
    // (offline: stays as it is; the checker's resolver makes it unreachable).
    if (!offline) out = out.replace(ABSOLUTE_ORIGIN, (match, host) => externals.standInOrigin(host) ?? match);
    const inserts = plan.inserts.get(file);
    if (inserts) out = out.replace(BODY_MARK, `${BODY_MARK}\n${inserts.join('\n')}\n`);
    return out;
  };

  const site = createServer((req, res) => {
    counts.site++;
    if (!req.url.startsWith('/stalled/')) counts.lastAt = performance.now() - counts.since;
    counts.methods[req.method] = (counts.methods[req.method] ?? 0) + 1;
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://site').pathname);
    } catch {
      return send(req, res, 400, page('400 Bad Request', ''));
    }
    let m;
    const soft404 = SOFT_404_PREFIXES.find((prefix) => path.startsWith(prefix));
    if (soft404) return send(req, res, 200, SOFT_404[soft404]);
    if (path.startsWith('/legacy/')) return redirect(req, res, '/');
    if (path.startsWith('/old/')) return redirect(req, res, '/index.html', 301);
    if ((m = /^\/loop\/(\d+)\/(a|b)$/.exec(path))) return redirect(req, res, `/loop/${m[1]}/${m[2] === 'a' ? 'b' : 'a'}`);
    if ((m = /^\/retired\/(\d+)\/([123])$/.exec(path))) return redirect(req, res, m[2] === '3' ? `/retired/${m[1]}/gone` : `/retired/${m[1]}/${Number(m[2]) + 1}`, 301);
    if ((m = /^\/api\/(\d+)\/status$/.exec(path))) return send(req, res, 500, SERVER_ERROR);
    if ((m = /^\/stalled\/(\d+)$/.exec(path))) counts.stalledAt.push(performance.now() - counts.since);
    if (m) return later(STALL_MS, () => send(req, res, 200, page(`Mirror ${m[1]}`, '<p>Finally.</p>')));
    if ((m = /^\/moved\/(\d+)\/([123])$/.exec(path))) {
      const target = plan.movedTargets.get(Number(m[1]));
      return redirect(req, res, m[2] === '3' ? `/${target ?? 'index.html'}` : `/moved/${m[1]}/${Number(m[2]) + 1}`, m[2] === '2' ? 307 : 301);
    }
    if ((m = /^\/slow\/(\d+)$/.exec(path))) return later(SLOW_MS, () => send(req, res, 200, page(`Changelog ${m[1]}`, '<p>Served slowly, but served.</p>')));
    if ((m = /^\/busy\/(\d+)$/.exec(path))) {
      const since = busySince.get(m[1]) ?? Date.now();
      busySince.set(m[1], since);
      const wait = since + RETRY_AFTER_S * 1000 - Date.now();
      if (wait > 0) return send(req, res, 429, page('429 Too Many Requests', '<p>Slow down.</p>'), { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
      return send(req, res, 200, page(`Package index ${m[1]}`, '<p>Thanks for waiting.</p>'));
    }
    // Bot walls: odd numbers are Cloudflare's challenge (cf-mitigated), even ones a plain 403 captcha page.
    if ((m = /^\/partners\/(\d+)$/.exec(path))) {
      if (Number(m[1]) % 2 === 1) return send(req, res, 403, CHALLENGE, { 'cf-mitigated': 'challenge', server: 'cloudflare', 'cache-control': 'private, no-store' });
      return send(req, res, 403, CAPTCHA, { 'cache-control': 'private, no-store' });
    }

    const file = fileFor(scan.files, path.replace(/^\//, ''));
    if (!file || plan.deleted.has(file)) return send(req, res, 404, NOT_FOUND);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (scan.dangling.has(file)) return send(req, res, 200, Buffer.from('/* provided by a libjs-* package */\n'), { 'content-type': type });
    if (scan.pages.has(file)) return send(req, res, 200, servePage(file));
    res.writeHead(200, { 'content-type': type });
    if (req.method === 'HEAD') return res.end();
    createReadStream(join(root, file)).on('error', () => res.destroy()).pipe(res);
  });

  const standIn = (req, res) => {
    counts.external++;
    counts.lastAt = performance.now() - counts.since;
    counts.methods[req.method] = (counts.methods[req.method] ?? 0) + 1;
    const host = externals.hostOf(req.socket.localAddress);
    const fragments = host && externals.lookup(host, req.url);
    if (!fragments) {
      counts.externalUnknown++;
      if (counts.unknownExternal.length < 20) counts.unknownExternal.push(`${host}${req.url}`);
      return send(req, res, 404, NOT_FOUND);
    }
    const anchors = [...fragments].map((f) => `<span id="${escapeAttr(f)}"></span>`).join('');
    return send(req, res, 200, page(`${host}${req.url.slice(0, 120).replace(/[<&]/g, '')}`, `<p>Stand-in for https://${host}${req.url.replace(/[<&]/g, '')}</p>${anchors}`));
  };

  const servers = [site];
  const track = (server) => server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  track(site);
  await listen(site, 0, '127.0.0.1');
  const port = site.address().port;
  // All stand-ins on one port, each on its own address: the first picks the port.
  let externalPort = 0;
  for (const address of offline ? [] : externals.addresses()) {
    const server = createServer(standIn);
    track(server);
    await listen(server, externalPort, address);
    externalPort = server.address().port;
    servers.push(server);
  }
  externals.setPort(externalPort);

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    externalHosts: externals.count,
    externalUrls: externals.urlCount,
    /**
     * Renders every page once (so neither checker pays for the rewriting) and returns the
     * href/src values that would still leave the machine (must be none but `.invalid`).
     */
    prepare() {
      const leaks = [];
      for (const file of scan.pages.keys()) {
        if (plan.deleted.has(file)) continue;
        for (const m of servePage(file).toString('utf8').matchAll(LINK_ATTR)) {
          const value = m[2].trim();
          if (!offline && /^(https?:)?\/\//i.test(value) && !/^https?:\/\/(127\.|[^/]*\.invalid[/:])/i.test(value)) leaks.push(`${file}: ${value}`);
        }
      }
      return leaks;
    },
    /** Requests served since the last reset. */
    stats: () => ({ ...counts }),
    /** Between two checkers: forget the 429 state, drop pending slow answers and open connections. */
    reset() {
      busySince.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      counts = freshCounts();
    },
    close() {
      this.reset();
      return Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Every external http(s) URL in the corpus, grouped by host, with the fragments used on each. */
function collectExternals(scan) {
  const hosts = new Map(); // host -> { address, urls: Map<key, Set<fragment>> }
  const byAddress = new Map();
  let port = 0;
  let urlCount = 0;
  const keyOf = (url) => safeDecode(url.pathname + url.search);
  const hostEntry = (host) => {
    let entry = hosts.get(host);
    if (!entry) {
      const i = hosts.size;
      entry = { address: `127.77.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`, urls: new Map() };
      hosts.set(host, entry);
      byAddress.set(entry.address, host);
    }
    return entry;
  };
  const addUrl = (value) => {
    let url;
    try {
      url = new URL(value.trim());
    } catch {
      return;
    }
    const entry = hostEntry(url.hostname.toLowerCase());
    const key = keyOf(url);
    if (!entry.urls.has(key)) {
      entry.urls.set(key, new Set());
      urlCount++;
    }
    if (url.hash.length > 1) entry.urls.get(key).add(safeDecode(url.hash.slice(1)));
  };
  for (const { links, absolute, hosts: pageHosts } of scan.pages.values()) {
    for (const host of pageHosts) hostEntry(host);
    for (const { value } of links) if (/^\s*https?:/i.test(value)) addUrl(value);
    for (const value of absolute) addUrl(value);
  }
  return {
    count: hosts.size,
    urlCount,
    addresses: () => [...byAddress.keys()],
    setPort: (p) => (port = p),
    hostOf: (address) => byAddress.get(address?.replace(/^::ffff:/, '')),
    lookup(host, requestUrl) {
      try {
        return hosts.get(host)?.urls.get(keyOf(new URL(requestUrl, 'http://x')));
      } catch {
        return undefined;
      }
    },
    /** The loopback origin that stands in for an external host (undefined for an unknown host). */
    standInOrigin(host) {
      const entry = hosts.get(host.toLowerCase());
      return entry && `http://${entry.address}:${port}`;
    },
  };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
