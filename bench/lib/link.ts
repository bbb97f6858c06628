// A rural link on real TCP: a proxy (node:net) that serializes each direction at a fixed
// bandwidth shared by all connections, adds a one-way propagation delay, costs a round trip to
// open a connection, drops a seeded share of requests and cuts every open connection on a fixed
// period. It counts the bytes each way and the HTTP requests that cross it.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRng, type Rng } from './rng';

export interface LinkOptions {
  upstreamPort: number;
  upstreamHost?: string;
  /** Bandwidth of each direction, bits per second. */
  bitsPerSecond: number;
  /** Added latency of each direction, ms (a round trip adds twice this). */
  oneWayDelayMs: number;
  /** Share of HTTP requests whose connection is cut before the request reaches the server. */
  dropRequestProbability: number;
  /** Every this many ms, all open connections are cut (a tower that drops the link); null: never. */
  cutEveryMs: number | null;
  seed: number;
}

export interface LinkStats {
  /** Bytes client → server (requests), as offered to the link. */
  bytesUp: number;
  /** Bytes server → client (answers). */
  bytesDown: number;
  requests: number;
  connections: number;
  droppedRequests: number;
  cuts: number;
  cutConnections: number;
  /** Requests by endpoint (method and path without query or ids). */
  endpoints: Record<string, number>;
  /** What happened when (ms since reset): connections, requests, drops, cuts. */
  timeline: string[];
}

export interface LinkEmulator {
  url: string;
  port: number;
  stats(): LinkStats;
  /** Zeroes the counters and restarts the cut period (call at the start of a measurement). */
  reset(): void;
  close(): Promise<void>;
}

const SEGMENT = 1460;
const REQUEST_LINE = /(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|COPY) (\S+) HTTP\/1\.[01]\r\n/g;
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const endpointOf = (method: string, target: string) =>
  `${method} ${safeDecode(target.split('?')[0] ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/_local\/[^/]+/, '_local/:id')}`;
const CARRY = 512;

interface Conn {
  client: Socket;
  upstream: Socket;
  dead: boolean;
  carry: string;
  n: number;
  awaiting: boolean;
}

interface Item {
  at: number;
  conn: Conn;
  dest: 'client' | 'upstream';
  /** null: the sender's FIN, delivered behind its data. */
  buf: Buffer | null;
}

/** One direction of the link: a FIFO at a fixed bit rate, then a fixed delay. */
class Direction {
  private busyUntil = 0;
  private readonly queue: Item[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bps: number,
    private readonly delayMs: number,
  ) {}

  send(conn: Conn, dest: Item['dest'], data: Buffer): void {
    for (let off = 0; off < data.length; off += SEGMENT) {
      const buf = data.subarray(off, Math.min(data.length, off + SEGMENT));
      const start = Math.max(performance.now(), this.busyUntil);
      this.busyUntil = start + (buf.length * 8 * 1000) / this.bps;
      this.queue.push({ at: this.busyUntil + this.delayMs, conn, dest, buf });
    }
    this.schedule();
  }

  sendEnd(conn: Conn, dest: Item['dest']): void {
    this.queue.push({ at: Math.max(performance.now(), this.busyUntil) + this.delayMs, conn, dest, buf: null });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const head = this.queue[0] as Item;
    this.timer = setTimeout(() => this.flush(), Math.max(0, head.at - performance.now()));
  }

  private flush(): void {
    this.timer = null;
    const now = performance.now();
    while (this.queue.length > 0 && (this.queue[0] as Item).at <= now + 0.5) {
      const item = this.queue.shift() as Item;
      if (item.conn.dead) continue;
      const sock = item.dest === 'client' ? item.conn.client : item.conn.upstream;
      if (sock.destroyed) continue;
      if (item.buf) sock.write(item.buf);
      else sock.end();
    }
    this.schedule();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}

export async function startLink(opts: LinkOptions): Promise<LinkEmulator> {
  const up = new Direction(opts.bitsPerSecond, opts.oneWayDelayMs);
  const down = new Direction(opts.bitsPerSecond, opts.oneWayDelayMs);
  const conns = new Set<Conn>();
  let rng: Rng = createRng(opts.seed);
  let cutTimer: NodeJS.Timeout | null = null;
  const zero = (): LinkStats => ({ bytesUp: 0, bytesDown: 0, requests: 0, connections: 0, droppedRequests: 0, cuts: 0, cutConnections: 0, endpoints: {}, timeline: [] });
  let stats = zero();
  let t0 = performance.now();
  const log = (what: string) => stats.timeline.length < 2000 && stats.timeline.push(`${((performance.now() - t0) / 1000).toFixed(2)}s ${what}`);

  const kill = (c: Conn) => {
    if (c.dead) return;
    c.dead = true;
    conns.delete(c);
    c.client.destroy();
    c.upstream.destroy();
  };

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    client.setNoDelay(true);
    // The TCP handshake: the first byte can leave only after one round trip.
    client.pause();
    const upstream = createConnection({ port: opts.upstreamPort, host: opts.upstreamHost ?? '127.0.0.1', allowHalfOpen: true });
    upstream.setNoDelay(true);
    const conn: Conn = { client, upstream, dead: false, carry: '', n: 0, awaiting: false };
    conns.add(conn);
    stats.connections++;
    conn.n = stats.connections;
    log(`connect #${stats.connections}`);
    setTimeout(() => {
      if (!conn.dead) client.resume();
    }, 2 * opts.oneWayDelayMs);

    client.on('data', (data: Buffer) => {
      if (conn.dead) return;
      const text = conn.carry + data.toString('latin1');
      const fresh = [...text.matchAll(REQUEST_LINE)].filter((m) => (m.index ?? 0) + m[0].length > conn.carry.length);
      conn.carry = text.slice(-CARRY);
      for (const m of fresh) {
        const endpoint = endpointOf(m[1] ?? '', m[2] ?? '');
        stats.requests++;
        stats.endpoints[endpoint] = (stats.endpoints[endpoint] ?? 0) + 1;
        if (rng.chance(opts.dropRequestProbability)) {
          stats.droppedRequests++;
          log(`DROP ${endpoint}`);
          kill(conn);
          return;
        }
        conn.awaiting = true;
        log(`#${conn.n} ${endpoint} (up ${(stats.bytesUp / 1024).toFixed(0)} KB, down ${(stats.bytesDown / 1024).toFixed(0)} KB so far)`);
      }
      stats.bytesUp += data.length;
      up.send(conn, 'upstream', data);
    });
    upstream.on('data', (data: Buffer) => {
      if (conn.dead) return;
      stats.bytesDown += data.length;
      if (conn.awaiting) {
        conn.awaiting = false;
        log(`#${conn.n} server answers`);
      }
      down.send(conn, 'client', data);
    });
    // A FIN travels behind the data already on the link; an error cuts at once.
    client.on('end', () => up.sendEnd(conn, 'upstream'));
    upstream.on('end', () => down.sendEnd(conn, 'client'));
    for (const s of [client, upstream]) {
      s.on('error', () => kill(conn));
      s.on('close', (hadError: boolean) => {
        if (hadError) kill(conn);
        else if (client.destroyed && upstream.destroyed) conns.delete(conn);
      });
    }
  });

  const startCuts = () => {
    if (cutTimer) clearInterval(cutTimer);
    cutTimer = null;
    if (opts.cutEveryMs === null) return;
    cutTimer = setInterval(() => {
      stats.cuts++;
      log(`CUT ${conns.size} connections`);
      for (const c of [...conns]) {
        stats.cutConnections++;
        kill(c);
      }
    }, opts.cutEveryMs);
    cutTimer.unref();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  startCuts();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ ...stats, endpoints: { ...stats.endpoints }, timeline: [...stats.timeline] }),
    reset: () => {
      stats = zero();
      t0 = performance.now();
      rng = createRng(opts.seed);
      startCuts();
    },
    close: async () => {
      if (cutTimer) clearInterval(cutTimer);
      for (const c of [...conns]) kill(c);
      up.clear();
      down.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The physical limit of moving `bytes` over the link: serialization plus one round trip. */
export function physicalLimitMs(bytes: number, bitsPerSecond: number, roundTripMs: number): number {
  return (bytes * 8 * 1000) / bitsPerSecond + roundTripMs;
}
