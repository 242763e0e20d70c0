/**
 * A tiny HTTP server on 127.0.0.1 (port 0) for downloader tests: each path is given a route
 * (a body, a status, a redirect, a hang...), and every request is counted per path.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | { body: Uint8Array }
  | { status: number }
  | { redirect: string; status?: number }
  /** Never answers (to test the response timeout). */
  | { hang: true }
  /** Sends the headers and `first` bytes of the body, then stalls (to test the idle timeout). */
  | { stallAfter: number; body: Uint8Array };

export interface FileServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  routes: Map<string, Route>;
  /** Requests seen, per path. */
  hits: Map<string, number>;
  /** Total requests whose path starts with `prefix`. */
  count(prefix?: string): number;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    } else if ('hang' in route) {
      // leave the request open; closeAllConnections() ends it
    } else if ('stallAfter' in route) {
      res.writeHead(200, { 'content-length': route.body.length });
      res.write(route.body.subarray(0, route.stallAfter));
    } else if ('redirect' in route) {
      res.writeHead(route.status ?? 302, { location: route.redirect }).end();
    } else if ('status' in route) {
      res.writeHead(route.status).end(`status ${route.status}`);
    } else {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': route.body.length,
      });
      res.end(route.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes,
    hits,
    count(prefix = '/') {
      let n = 0;
      for (const [path, k] of hits) if (path.startsWith(prefix)) n += k;
      return n;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
