// A throwaway XMPP server for the Converse.js test: Debian's Prosody (scripts/install-prosody.sh)
// from a temporary config, listening on 127.0.0.1 only, with accounts registered before it
// starts, and stopped by its PID. Its data, log and PID file live in a temporary folder.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The XMPP domain of the test server. */
export const DOMAIN = 'localhost';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until something listens on `port`.
 * @param {number} port
 * @param {number} ms
 */
async function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`prosody did not listen on ${port} within ${ms} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Prosody with `accounts` (user -> password).
 * @param {Record<string, string>} accounts
 */
export async function startProsody(accounts) {
  const dir = mkdtempSync(join(tmpdir(), 'tumar-prosody-'));
  const [c2s, http] = [await freePort(), await freePort()];
  const config = join(dir, 'prosody.cfg.lua');
  writeFileSync(
    config,
    `-- Written by tests/js/browser/xmpp.js for one test run.
data_path = ${JSON.stringify(join(dir, 'data'))}
pidfile = ${JSON.stringify(join(dir, 'prosody.pid'))}
log = { info = ${JSON.stringify(join(dir, 'prosody.log'))} }
daemonize = false
run_as_root = true
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${c2s} }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = { }
http_ports = { ${http} }
http_interfaces = { "127.0.0.1" }
https_ports = { }
component_ports = { }
-- What Converse.js asks a server for at login (its blocklist query waits for an answer).
modules_enabled = { "roster", "saslauth", "disco", "ping", "websocket", "carbons", "blocklist", "pep", "private", "vcard4", "vcard_legacy" }
modules_disabled = { "s2s", "tls", "posix" }
authentication = "internal_plain"
storage = "internal"
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
cross_domain_websocket = true
VirtualHost "${DOMAIN}"
`,
  );
  for (const [user, password] of Object.entries(accounts)) {
    execFileSync('prosodyctl', ['--config', config, 'register', user, DOMAIN, password], { stdio: 'pipe' });
  }
  const child = spawn('prosody', ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Whatever ends this process (a failed hook, Ctrl+C), the server goes with it, by its PID.
  const killOnExit = () => child.pid && child.exitCode === null && child.signalCode === null && process.kill(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  try {
    await Promise.race([
      waitForPort(http, 15_000).then(() => waitForPort(c2s, 5_000)),
      exited.then((code) => {
        throw new Error(`prosody exited (${code}): ${output}`);
      }),
    ]);
  } catch (error) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    /** Where Converse.js connects. */
    websocket: `ws://127.0.0.1:${http}/xmpp-websocket`,
    /** Where a Node client connects. */
    service: `xmpp://127.0.0.1:${c2s}`,
    /** Stops the server by its PID and removes its folder. */
    async stop() {
      const running = () => child.exitCode === null && child.signalCode === null;
      if (running() && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (running()) {
          process.kill(child.pid, 'SIGKILL');
        }
      }
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
