// Preloaded into the checker (`node --import ./bench/links/offline-resolver.mjs …`): the
// machine as a CI runner without network sees it. No name but localhost resolves (EAI_AGAIN,
// as getaddrinfo says when no name server can be reached), except the hosts named in
//   BENCH_OFFLINE_REFUSED   (comma-separated): resolve to 127.78.0.1, where nothing listens: refused
//   BENCH_OFFLINE_BLACKHOLE (comma-separated): resolve to BENCH_OFFLINE_BLACKHOLE_ADDRESS, where
//                           the benchmark listens and never answers: timeouts
// and no connection to an address outside 127.0.0.0/8 or ::1 is ever opened (ENETUNREACH).
// The real resolver is never asked: nothing leaves the machine.
import dns from 'node:dns';
import net from 'node:net';

const list = (name) => new Set((process.env[name] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
const refused = list('BENCH_OFFLINE_REFUSED');
const blackhole = list('BENCH_OFFLINE_BLACKHOLE');
const blackholeAddress = process.env.BENCH_OFFLINE_BLACKHOLE_ADDRESS ?? '127.79.0.1';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function answer(hostname) {
  const name = String(hostname).toLowerCase().replace(/\.$/, '');
  if (name === 'localhost') return { address: '127.0.0.1', family: 4 };
  if (net.isIP(name)) return { address: name, family: net.isIP(name) };
  if (refused.has(name)) return { address: '127.78.0.1', family: 4 };
  if (blackhole.has(name)) return { address: blackholeAddress, family: 4 };
  return undefined;
}

function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const found = answer(hostname);
  process.nextTick(() => {
    if (!found) return callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN', errno: -3001, syscall: 'getaddrinfo', hostname }));
    if (options?.all) return callback(null, [found]);
    callback(null, found.address, found.family);
  });
}
dns.lookup = lookup;
dns.promises.lookup = (hostname, options) => new Promise((resolve, reject) => lookup(hostname, options ?? {}, (error, address, family) => (error ? reject(error) : resolve(Array.isArray(address) ? address : { address, family }))));

// A guard for addresses given as IP literals (they skip the look-up).
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { host: args[1] };
  const host = options?.host;
  if (typeof host === 'string' && net.isIP(host) && !LOOPBACK.test(host)) {
    process.nextTick(() => this.destroy(Object.assign(new Error(`connect ENETUNREACH ${host} (offline benchmark)`), { code: 'ENETUNREACH' })));
    return this;
  }
  return connect.apply(this, args);
};
