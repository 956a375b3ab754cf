/**
 * The fake receiver of bench/dispatch.ts in a process of its own, so its CPU is measured apart from
 * nilai's (it shares the machine): answers every POST at once with 200, counts each `webhook-id`, and
 * tells its parent (IPC) its port, then on request what it received and the CPU it used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const seen = new Map<string, number>();
let first = 0;
let last = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    seen.set(id, (seen.get(id) ?? 0) + 1);
    last = Date.now();
    if (!first) first = last;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (m: { report?: true; stop?: true }) => {
  if (m.stop) {
    server.close();
    process.disconnect();
    return;
  }
  const cpu = process.cpuUsage();
  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  process.send!({ distinct: seen.size, duplicates, first, last, cpuMs: (cpu.user + cpu.system) / 1000 });
});
