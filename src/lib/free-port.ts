import net from 'node:net';
import { randomInt } from 'node:crypto';

/**
 * Ports to pick from: below Linux's ephemeral range (32768–60999, where the kernel takes the local port
 * of every outgoing connection and of `listen(0)`). A port picked from that range is often taken by some
 * connection between the check and the listen (EADDRINUSE); here only another pick of this kind can.
 */
const FIRST = 20_000;
const END = 32_768;

const bindable = (port: number) => new Promise<boolean>((resolve) => {
  const srv = net.createServer();
  srv.once('error', () => resolve(false));
  srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
});

/** A TCP port on 127.0.0.1 that was free a moment ago, chosen at random outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = randomInt(FIRST, END);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${FIRST} and ${END - 1}`);
}
