#!/usr/bin/env node
// A tiny static server for the demo messenger and the browser tests. It listens on 127.0.0.1
// only and sends the strict Content-Security-Policy the package must run under.
//
//   node scripts/serve.mjs [--port N]     (default: $PORT, else 8000; 0 picks a free port)
//
// Mounts: / -> examples/messenger, /tumar/ -> pkg (the built npm package).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy every response carries: no inline script or style, no other origin. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The demo's mounts: URL prefix -> directory. */
export const DEMO_MOUNTS = {
  '/tumar/': join(ROOT, 'pkg'),
  '/': join(ROOT, 'examples', 'messenger'),
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts serving `mounts` on 127.0.0.1.
 * @param {{ port?: number, mounts?: Record<string, string>, csp?: string }} [options] longest
 *   prefix wins; `csp` replaces the strict policy (a test page that talks to a chat server)
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startServer({ port = 0, mounts = DEMO_MOUNTS, csp = CSP } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    respond(request, response, prefixes, mounts, csp).catch(() => send(response, 500, 'server error', csp));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolvePromise({
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {string[]} prefixes
 * @param {Record<string, string>} mounts
 * @param {string} csp
 */
async function respond(request, response, prefixes, mounts, csp) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'method not allowed', csp);
  }
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const prefix = prefixes.find((p) => path.startsWith(p));
  if (prefix === undefined) {
    return send(response, 404, 'not found', csp);
  }
  const root = resolve(mounts[prefix]);
  let file = resolve(root, `.${sep}${path.slice(prefix.length)}`);
  if (file !== root && !file.startsWith(root + sep)) {
    return send(response, 403, 'forbidden', csp);
  }
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
  }
  const body = await readFile(file).catch(() => null);
  if (body === null) {
    return send(response, 404, 'not found', csp);
  }
  response.writeHead(200, {
    ...headers(csp),
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * The headers of every response.
 * @param {string} csp
 */
function headers(csp) {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} text
 * @param {string} csp
 */
function send(response, status, text, csp) {
  response.writeHead(status, { ...headers(csp), 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--port');
  const port = Number(flag > 0 ? process.argv[flag + 1] : (process.env.PORT ?? 8000));
  startServer({ port }).then(
    ({ url }) => {
      console.log(`tumar demo messenger: ${url}`);
      console.log('(serving examples/messenger and pkg/ with a strict CSP; Ctrl+C stops)');
    },
    (error) => {
      console.error(`tumar demo: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); try PORT=0 make demo`);
      process.exit(1);
    },
  );
}
