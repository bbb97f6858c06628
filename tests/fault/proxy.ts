// A real HTTP proxy (node:http, one TCP connection per request upstream) between the devices'
// transports and the real sync server, that injects one seeded fault per request. Devices reach
// it at `/d/<index>/…`, so each device has its own fault stream and its own link (online/offline).
import { createServer, request as upstreamRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

export const FAULT_TYPES = [
  'pass',
  /** Cut the connection before the request reaches the server. */
  'drop-before',
  /** Forward only part of the request body, then cut both sides (the server sees a torn upload). */
  'cut-request',
  /** Forward the request, wait for the whole answer (the server committed), then cut without answering. */
  'drop-after',
  /** Forward, then send the status line, headers and part of the body, then cut. */
  'cut-answer',
  /** Hold the request `ms` before forwarding it. */
  'delay',
  /** Move the body both ways in small pieces with pauses (a slow rural link). */
  'throttle',
  /** Answer 502 with an HTML page without forwarding (a gateway's error page). */
  'bad-gateway',
  /** Forward the request twice at once (a middlebox that retries POSTs) and answer with the later reply. */
  'duplicate',
  /** Forward, then SIGKILL the server `ms` later (or as soon as it answers); the client gets a cut. */
  'kill',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface Fault {
  type: FaultType;
  /** delay: hold time; throttle: pause between pieces; kill: time after forwarding. */
  ms?: number;
  /** cut-request / cut-answer: share of the body that gets through (0 < f < 1). */
  fraction?: number;
  /** throttle: number of pieces. */
  pieces?: number;
}

export interface RequestInfo {
  /** Order of arrival at the proxy. */
  n: number;
  /** Device index from the `/d/<i>` prefix; null for requests without one (always passed). */
  device: number | null;
  method: string;
  path: string;
}

export type FaultPlan = (info: RequestInfo) => Fault;

export type ProxyCounter = FaultType | 'offline' | 'refused';

export interface FaultProxy {
  url: string;
  /** Base URL a device's transport uses. */
  deviceUrl(device: number): string;
  /** The plan for requests from now on; null passes everything. */
  setPlan(plan: FaultPlan | null): void;
  /** An offline device's requests are cut at once (no route to the server). */
  setDeviceOnline(device: number, online: boolean): void;
  /** Faults actually injected (and requests refused because the link or the server was down). */
  readonly counts: Record<ProxyCounter, number>;
  /** The same, split by route: `drop-after /api/sync/push` → n. */
  readonly byRoute: Record<string, number>;
  resetCounts(): void;
  readonly kills: number;
  /** True from a kill until `restartServer` has the server answering again. */
  readonly serverDown: boolean;
  /** SIGKILL the server now (the scenario's hook for kills outside a request). */
  killServer(): Promise<void>;
  /** Starts the server again on the same port and DATA_DIR; no-op when it is up. */
  restartServer(): Promise<void>;
  /** Waits until no request is in flight through the proxy. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function cleanHeaders(h: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_HEADERS.has(k.toLowerCase())) out[k] = v;
  return out;
}

/** A body cut into `pieces` slices (at least one byte each). */
function slices(body: Buffer, pieces: number): Buffer[] {
  const n = Math.max(1, Math.min(pieces, body.length));
  const size = Math.ceil(body.length / n);
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, i + size));
  return out.length > 0 ? out : [body];
}

const writeAsync = (w: { write(b: Buffer, cb: (err?: Error | null) => void): boolean }, b: Buffer) =>
  new Promise<void>((r) => w.write(b, () => r()));

export async function startFaultProxy(server: ServerProcess): Promise<FaultProxy> {
  let plan: FaultPlan | null = null;
  let arrivals = 0;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let down = false;
  let kills = 0;
  let killing: Promise<void> | null = null;
  const offline = new Set<number>();
  const counts = {} as Record<ProxyCounter, number>;
  const byRoute: Record<string, number> = {};
  const resetCounts = () => {
    for (const k of [...FAULT_TYPES, 'offline', 'refused'] as const) counts[k] = 0;
    for (const k of Object.keys(byRoute)) delete byRoute[k];
  };
  const count = (k: ProxyCounter, path: string) => {
    counts[k]++;
    byRoute[`${k} ${path}`] = (byRoute[`${k} ${path}`] ?? 0) + 1;
  };
  resetCounts();

  function killServer(): Promise<void> {
    if (down) return killing ?? Promise.resolve();
    down = true;
    kills++;
    killing = server.kill('SIGKILL');
    return killing;
  }

  /** Sends the request upstream and resolves with the answer, fully read (or null: no server). */
  function forward(
    req: IncomingMessage,
    body: Buffer,
    how: { pieces?: number; ms?: number; cutAt?: number },
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer } | null> {
    return new Promise((resolve) => {
      const up = upstreamRequest({
        host: '127.0.0.1',
        port: server.port,
        method: req.method,
        path: req.url?.replace(/^\/d\/\d+/, '') || '/',
        headers: { ...cleanHeaders(req.headers), 'content-length': String(body.length), connection: 'close' },
        agent: false,
      });
      up.on('error', () => resolve(null));
      up.on('response', (res) => {
        readBody(res).then(
          (b) => resolve({ status: res.statusCode ?? 502, headers: cleanHeaders(res.headers), body: b }),
          () => resolve(null),
        );
      });
      void (async () => {
        if (how.cutAt !== undefined) {
          await writeAsync(up, body.subarray(0, how.cutAt));
          await sleep(5);
          up.destroy();
          resolve(null);
          return;
        }
        if (how.pieces) {
          for (const s of slices(body, how.pieces)) {
            await writeAsync(up, s);
            await sleep(how.ms ?? 5);
          }
          up.end();
          return;
        }
        up.end(body);
      })();
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cut = () => {
      req.socket.destroy();
    };
    const m = /^\/d\/(\d+)(\/.*)$/.exec(req.url ?? '');
    const device = m ? Number(m[1]) : null;
    const info: RequestInfo = { n: arrivals++, device, method: req.method ?? 'GET', path: m?.[2] ?? req.url ?? '/' };
    const body = await readBody(req);
    if (device !== null && offline.has(device)) {
      count('offline', info.path);
      return cut();
    }
    const fault: Fault = device !== null && plan ? plan(info) : { type: 'pass' };
    if (down) {
      count('refused', info.path);
      return cut();
    }
    count(fault.type, info.path);
    switch (fault.type) {
      case 'drop-before':
        return cut();
      case 'bad-gateway':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      case 'cut-request':
        await forward(req, body, { cutAt: Math.floor(body.length * (fault.fraction ?? 0.5)) });
        return cut();
      case 'delay':
        await sleep(fault.ms ?? 50);
        break;
      default:
        break;
    }
    let killTimer: ReturnType<typeof setTimeout> | null = null;
    if (fault.type === 'kill') killTimer = setTimeout(() => void killServer(), fault.ms ?? 0);
    const throttled = fault.type === 'throttle' ? { pieces: fault.pieces ?? 4, ms: fault.ms ?? 5 } : {};
    const answer =
      fault.type === 'duplicate'
        ? await Promise.all([forward(req, body, {}), sleep(fault.ms ?? 0).then(() => forward(req, body, {}))]).then(([a, b]) => b ?? a)
        : await forward(req, body, throttled);
    if (fault.type === 'kill') {
      if (killTimer) clearTimeout(killTimer);
      await killServer();
      return cut();
    }
    if (!answer) {
      count('refused', info.path);
      return cut();
    }
    if (fault.type === 'drop-after') return cut();
    const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
    res.writeHead(answer.status, headers);
    if (fault.type === 'cut-answer') {
      const at = Math.min(answer.body.length - 1, Math.floor(answer.body.length * (fault.fraction ?? 0.5)));
      if (at > 0) await writeAsync(res, answer.body.subarray(0, at));
      else res.flushHeaders();
      await sleep(5);
      return cut();
    }
    if (fault.type === 'throttle') {
      for (const s of slices(answer.body, fault.pieces ?? 4)) {
        await writeAsync(res, s);
        await sleep(fault.ms ?? 5);
      }
      res.end();
      return;
    }
    res.end(answer.body);
  }

  const http: Server = createServer((req, res) => {
    inFlight++;
    handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => {
        if (--inFlight === 0) {
          const w = idleWaiters;
          idleWaiters = [];
          for (const f of w) f();
        }
      });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    deviceUrl: (i) => `${url}/d/${i}`,
    setPlan: (p) => {
      plan = p;
    },
    setDeviceOnline: (i, online) => {
      if (online) offline.delete(i);
      else offline.add(i);
    },
    counts,
    byRoute,
    resetCounts,
    get kills() {
      return kills;
    },
    get serverDown() {
      return down;
    },
    killServer,
    restartServer: async () => {
      if (!down) return;
      await killing;
      await server.restart();
      down = false;
      killing = null;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}

/**
 * The real server and the fault proxy in front of it, started once for the test file and stopped
 * after it; read `server` and `proxy` inside the tests.
 */
export function proxiedServerPerFile(): { readonly server: ServerProcess; readonly proxy: FaultProxy } {
  let server: ServerProcess | null = null;
  let proxy: FaultProxy | null = null;
  beforeAll(async () => {
    server = await startServerProcess();
    proxy = await startFaultProxy(server);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });
  const started = <T>(x: T | null): T => {
    if (!x) throw new Error('The server and its proxy start before the tests of the file');
    return x;
  };
  return {
    get server() {
      return started(server);
    },
    get proxy() {
      return started(proxy);
    },
  };
}
