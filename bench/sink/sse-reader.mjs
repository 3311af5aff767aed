// Child process of bench/sink/run.mjs: reads the sink's server-sent events and stamps each
// benchmark message as it arrives (process.hrtime, the same monotonic clock as the sender's),
// in its own process so that the load generator's busy event loop does not delay the reading.
//
//   fork('sse-reader.mjs', [eventsUrl, tag])  →  { ready }  …  on { cmd: 'report' } → { seen: [[i, ns], …] }
const [url, tag] = process.argv.slice(2);
const seen = [];
const pattern = new RegExp(`"bench ${tag} (\\d+)"`);
setTimeout(() => process.exit(2), 10 * 60_000).unref(); // never outlive the benchmark
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  if (message?.cmd === 'report') process.send({ seen: seen.map(([i, ns]) => [i, ns.toString()]) }, () => process.exit(0));
});

const response = await fetch(url);
const decoder = new TextDecoder();
let buffer = '';
let ready = false;
for await (const chunk of response.body) {
  const at = process.hrtime.bigint();
  buffer += decoder.decode(chunk, { stream: true });
  let end;
  while ((end = buffer.indexOf('\n\n')) !== -1) {
    const event = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    if (!ready && event === ': ready') {
      ready = true;
      process.send({ ready: true });
    }
    const match = pattern.exec(event);
    if (match) seen.push([Number(match[1]), at]);
  }
}
