import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { hostByName, type Lab } from '../../lab';
import { prepareFirefoxProfileCerts } from '../../lab/nss';
import { firefoxPrefs, userJs } from './firefox-prefs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxSession {
  extensionId: string;
  send<T = unknown>(method: string, params: Record<string, unknown>): Promise<T>;
  /** Evaluate `expression` (awaited) in a browsing context showing an extension page. */
  evaluateInExtension<T = unknown>(expression: string): Promise<T>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

async function connect(port: number, deadline: number): Promise<WebSocket> {
  for (;;) {
    try {
      return await new Promise<WebSocket>((resolveSocket, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/session`);
        socket.once('open', () => resolveSocket(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * firefox-esr, headless, with the built add-on installed as a temporary extension over
 * WebDriver BiDi (Debian has no geckodriver). Names resolve only through the lab's DoH
 * server; the lab CA is trusted in the fresh profile.
 */
export async function launchFirefox(options: {
  lab: Lab;
  extensionDir?: string;
  /** Extra roots to trust in the profile (e.g. the lab's "government" CA, as if the user installed it). */
  trustAlso?: string[];
}): Promise<FirefoxSession> {
  const { lab } = options;
  const profile = mkdtempSync(join(tmpdir(), 'vantage-firefox-'));
  const doh = hostByName(lab.hosts, 'doh1.lab.test');
  writeFileSync(join(profile, 'user.js'), userJs(firefoxPrefs('https://doh1.lab.test/dns-query', doh.ip)));
  lab.prepareFirefoxProfileCerts(profile);
  options.trustAlso?.forEach((caPath, i) => prepareFirefoxProfileCerts(profile, caPath, `Extra root ${i}`));
  const port = await freePort();
  const child: ChildProcess = spawn(
    FIREFOX_PATH,
    ['--headless', '--no-remote', '--profile', profile, `--remote-debugging-port=${port}`, 'about:blank'],
    { stdio: 'ignore', env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  const cleanup = async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const socket = await connect(port, Date.now() + 30_000);
    let nextId = 1;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as {
        id?: number;
        type: string;
        result?: unknown;
        error?: string;
        message?: string;
      };
      if (message.id === undefined) return;
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'error') waiter?.reject(new Error(`${message.error}: ${message.message}`));
      else waiter?.resolve(message.result);
    });
    const send = <T>(method: string, params: Record<string, unknown>) =>
      new Promise<T>((resolveCall, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolveCall as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });

    await send('session.new', { capabilities: {} });
    const installed = await send<{ extension: string }>('webExtension.install', {
      extensionData: { type: 'path', path: resolve(options.extensionDir ?? '.output/firefox-mv3') },
    });
    const extensionId = installed.extension;

    return {
      extensionId,
      send,
      async evaluateInExtension<T>(expression: string) {
        // BiDi will not navigate to moz-extension:// URLs, but the add-on opens its options page
        // on install: evaluate in that tab.
        let context: string | undefined;
        const deadline = Date.now() + 15_000;
        while (!context && Date.now() < deadline) {
          const tree = await send<{ contexts: { context: string; url: string }[] }>(
            'browsingContext.getTree',
            {},
          );
          context = tree.contexts.find((c) => c.url.startsWith('moz-extension://'))?.context;
          if (!context) await new Promise((r) => setTimeout(r, 200));
        }
        if (!context) throw new Error('the extension did not open its page');
        const result = await send<{
          type: string;
          result?: { value?: unknown };
          exceptionDetails?: { text: string };
        }>('script.evaluate', {
          expression,
          target: { context },
          awaitPromise: true,
          serializationOptions: { maxObjectDepth: 10 },
        });
        if (result.type === 'exception') throw new Error(result.exceptionDetails?.text ?? 'exception');
        return deserialize(result.result) as T;
      },
      async close() {
        await send('session.end', {}).catch(() => undefined);
        socket.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** BiDi remote values → plain JSON. */
function deserialize(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as { type: string; value?: unknown };
  switch (v.type) {
    case 'undefined':
    case 'null':
      return v.type === 'null' ? null : undefined;
    case 'array':
      return (v.value as unknown[]).map(deserialize);
    case 'object':
      return Object.fromEntries(
        (v.value as [unknown, unknown][]).map(([k, val]) => [
          typeof k === 'string' ? k : deserialize(k),
          deserialize(val),
        ]),
      );
    default:
      return v.value;
  }
}
