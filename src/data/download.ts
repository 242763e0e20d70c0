/**
 * Verified downloads into a cache directory, with no dependency: node:http / node:https, mirrors
 * tried in order, redirects followed, SHA-256 checked before a file is given its final name.
 *
 * A cached file is used only if its SHA-256 is right; otherwise it is downloaded again. A download
 * goes to a temporary sibling (".<name>.<pid>.<random>.part"), is hashed while it streams, and is
 * renamed over the final name only once its digest matches, so readers never see a partial or
 * wrong file, and two processes downloading at once do not clash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { OinfoAbortError, OinfoInputError } from '../errors.js';

/** A file to fetch: its name (appended to each mirror's base URL) and what it must hash to. */
export interface RemoteFile {
  name: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Size in bytes, if known: bounds the download and is the progress total. */
  size?: number;
}

export type ProgressCallback = (file: string, bytes: number, total: number | undefined) => void;

export interface DownloadOptions {
  /** Base URLs tried in order; the file name is appended (a missing trailing "/" is added). */
  mirrors: readonly string[];
  /** Where verified files land (created if missing). */
  cacheDir: string;
  /** What is being downloaded, for messages ("MNIST"). Default "the data". */
  label?: string;
  /** Appended to the every-mirror-failed error: what the user can do instead. */
  advice?: string;
  /** Connect/response/idle timeout: a mirror silent for this long is given up. Default 15 000 ms. */
  timeoutMs?: number;
  /** Bound on one file from one mirror, start to end. Default 300 000 ms. */
  fileTimeoutMs?: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** Called as bytes arrive: file name, bytes so far, expected total (undefined if unknown). */
  onProgress?: ProgressCallback;
  /** Aborting stops the download at once with an OinfoAbortError (no other mirror is tried). */
  signal?: AbortSignal;
}

export interface EnsuredFile {
  /** Absolute or cacheDir-relative path of the verified file. */
  path: string;
  /** False if a verified copy was already in the cache (no request was made). */
  downloaded: boolean;
  /** The base URL it came from, when downloaded. */
  mirror?: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_FILE_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * The oinfo cache root: $OINFO_CACHE_DIR, else $XDG_CACHE_HOME/oinfo (if absolute, as the XDG
 * spec asks), else ~/.cache/oinfo. Datasets use subfolders of it (mnist/).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const own = env.OINFO_CACHE_DIR;
  if (own !== undefined && own !== '') return own;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'oinfo');
  return join(home, '.cache', 'oinfo');
}

/** SHA-256 (hex) of a file's bytes, or undefined if it cannot be read. */
export function sha256OfFile(path: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** Why one mirror failed, as a short phrase for the every-mirror-failed message. */
class MirrorFailure extends Error {
  override name = 'MirrorFailure';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** "storage.googleapis.com/cvdf-datasets/mnist" for messages. */
export function mirrorLabel(base: string): string {
  try {
    const u = new URL(base);
    return `${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return base;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A network error as a short phrase: "DNS lookup failed (ENOTFOUND)", "connection refused"... */
function describeError(err: unknown): string {
  if (err instanceof MirrorFailure) return err.message;
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = String(e instanceof Error ? e.message : err).split('\n')[0];
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `DNS lookup failed (${code})`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'EPROTO':
      return `TLS/protocol error (${message})`;
    default:
      if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) return `TLS error: ${message} (${code})`;
      return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
  }
}

interface AttemptContext {
  timeoutMs: number;
  maxRedirects: number;
  signal: AbortSignal;
  /** Set when one of our own timers gives up, so the resulting socket error is reported as that. */
  reason?: string;
}

/** GETs `url`, following redirects; resolves with a 200 response whose body is not yet read. */
function open(url: URL, ctx: AttemptContext, redirectsLeft: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(
      url,
      {
        agent: false,
        timeout: ctx.timeoutMs,
        signal: ctx.signal,
        headers: { 'user-agent': 'oinfo', 'accept-encoding': 'identity' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          res.resume();
          const location = res.headers.location;
          if (location === undefined || location === '') {
            reject(new MirrorFailure(`HTTP ${status} redirect without a Location header`));
            return;
          }
          if (redirectsLeft <= 0) {
            reject(new MirrorFailure(`too many redirects (more than ${ctx.maxRedirects})`));
            return;
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            reject(new MirrorFailure(`HTTP ${status} redirect to a bad URL: ${location}`));
            return;
          }
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            reject(new MirrorFailure(`redirect to an unsupported URL: ${next.href}`));
            return;
          }
          open(next, ctx, redirectsLeft - 1).then(resolve, reject);
          return;
        }
        if (status !== 200) {
          res.resume();
          reject(new MirrorFailure(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`));
          return;
        }
        resolve(res);
      },
    );
    // The socket timeout covers DNS + connect + waiting for headers + every pause in the body.
    req.on('timeout', () => {
      ctx.reason ??= `no response for ${seconds(ctx.timeoutMs)}`;
      req.destroy(new MirrorFailure(ctx.reason));
    });
    req.on('error', reject);
  });
}

/** Downloads `file` from one mirror into `temporary`, checking size and digest. */
async function downloadFrom(
  base: string,
  file: RemoteFile,
  temporary: string,
  options: DownloadOptions,
  ctx: AttemptContext,
): Promise<void> {
  const baseUrl = new URL(base.endsWith('/') ? base : `${base}/`);
  const url = new URL(encodeURIComponent(file.name), baseUrl);
  const res = await open(url, ctx, ctx.maxRedirects);
  const lengthHeader = res.headers['content-length'];
  const contentLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (file.size !== undefined && contentLength !== undefined && contentLength !== file.size) {
    res.destroy();
    throw new MirrorFailure(`wrong size (${contentLength} bytes, expected ${file.size})`);
  }
  const total = file.size ?? contentLength;
  const hash = createHash('sha256');
  let bytes = 0;
  options.onProgress?.(file.name, 0, total);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (file.size !== undefined && bytes > file.size) {
        callback(new MirrorFailure(`wrong size (more than the expected ${file.size} bytes)`));
        return;
      }
      hash.update(chunk);
      options.onProgress?.(file.name, bytes, total);
      callback(null, chunk);
    },
  });
  await pipeline(res, meter, createWriteStream(temporary), { signal: ctx.signal });
  if (!res.complete) throw new MirrorFailure(`the connection closed after ${bytes} bytes`);
  if (file.size !== undefined && bytes !== file.size) {
    throw new MirrorFailure(`incomplete (${bytes} of ${file.size} bytes)`);
  }
  const digest = hash.digest('hex');
  if (digest !== file.sha256.toLowerCase()) {
    throw new MirrorFailure(
      `SHA-256 mismatch (got ${digest.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…): a corrupted or different file`,
    );
  }
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new OinfoInputError(
      `cannot create the cache directory "${dir}": ${describeError(err)}; set OINFO_CACHE_DIR to a writable directory`,
    );
  }
}

/**
 * Makes sure a verified copy of `file` is at `<cacheDir>/<name>`: uses the cached copy if its
 * SHA-256 is right, else downloads it from the first mirror that serves the right bytes. If every
 * mirror fails: an OinfoInputError "cannot download <label>: every mirror failed (<mirror>: <reason>;
 * ...) for <name>. <advice>".
 */
export async function ensureFile(file: RemoteFile, options: DownloadOptions): Promise<EnsuredFile> {
  const target = join(options.cacheDir, file.name);
  const cached = sha256OfFile(target);
  if (cached === file.sha256.toLowerCase()) return { path: target, downloaded: false };

  ensureDir(options.cacheDir);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fileTimeoutMs = options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const failures: string[] = [];
  if (options.mirrors.length === 0) failures.push('no mirrors configured');
  for (const mirror of options.mirrors) {
    if (options.signal?.aborted) throw new OinfoAbortError('the download was aborted');
    const deadline = AbortSignal.timeout(fileTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    const ctx: AttemptContext = {
      timeoutMs,
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      signal,
    };
    const temporary = join(
      options.cacheDir,
      `.${file.name}.${process.pid}.${randomBytes(4).toString('hex')}.part`,
    );
    try {
      await downloadFrom(mirror, file, temporary, options, ctx);
      renameSync(temporary, target);
      return { path: target, downloaded: true, mirror };
    } catch (err) {
      rmSync(temporary, { force: true });
      if (options.signal?.aborted) throw new OinfoAbortError('the download was aborted');
      let reason: string;
      if (ctx.reason !== undefined) reason = ctx.reason;
      else if (deadline.aborted) reason = `took longer than ${seconds(fileTimeoutMs)}`;
      else reason = describeError(err);
      failures.push(`${mirrorLabel(mirror)}: ${reason}`);
    }
  }
  const what = options.label ?? 'the data';
  const stale = cached !== undefined ? ` (the cached "${target}" has the wrong SHA-256)` : '';
  const advice = options.advice ? ` ${options.advice}` : '';
  throw new OinfoInputError(
    `cannot download ${what}: every mirror failed (${failures.join('; ')}) for ${file.name}${stale}.${advice}`,
  );
}

/** ensureFile for each file in turn; stops at the first that cannot be had. */
export async function ensureFiles(
  files: readonly RemoteFile[],
  options: DownloadOptions,
): Promise<EnsuredFile[]> {
  const out: EnsuredFile[] = [];
  for (const file of files) out.push(await ensureFile(file, options));
  return out;
}
