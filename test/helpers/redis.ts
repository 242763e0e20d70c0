/**
 * A private redis-server for a test: on a free loopback port, in a temporary folder, stopped by stop()
 * (call it in afterAll). A missing redis-server fails the test with the command that installs it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisOptions {
  /** Append-only file, so a restart keeps the queue (default: no persistence at all). */
  persistent?: boolean;
  password?: string;
  /** TLS only on the port, with this certificate, key and CA (PEM files); the URL is then rediss://. */
  tls?: { cert: string; key: string; ca: string };
}

export interface TestRedis {
  port: number;
  /** redis://127.0.0.1:PORT (rediss:// with TLS; with the password, if any). */
  url: string;
  dir: string;
  /** Stops the server (SIGKILL with `kill`, else a clean shutdown). */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function assertRedisInstalled(): void {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error)
    throw new Error('redis-server is not installed: apt-get install redis-server (scripts/bootstrap.mjs installs it when run as root)');
}

/** Resolves once something accepts connections on the port (plain or TLS alike). */
async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  assertRedisInstalled();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oinfo-redis-'));
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no', '--appendfsync', 'always',
    ...(options.password ? ['--requirepass', options.password] : []),
    ...(options.tls
      ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.ca, '--tls-auth-clients', 'no']
      : []),
  ];
  let child: ChildProcess;
  let output = '';
  const launch = async () => {
    output = '';
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitForPort(port, child, () => output);
  };
  await launch();
  const stop = async ({ kill = false } = {}) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  const auth = options.password ? `:${options.password}@` : '';
  return {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    dir,
    stop: async (o) => {
      await stop(o);
    },
    restart: launch,
  };
}

/** Stops the server and removes its folder. */
export async function disposeRedis(redis: TestRedis | undefined): Promise<void> {
  if (!redis) return;
  await redis.stop({ kill: true });
  rmSync(redis.dir, { recursive: true, force: true });
}
