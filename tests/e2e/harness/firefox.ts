import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { hostByName, type Lab } from '../../lab';
import { prepareFirefoxProfileCerts } from '../../lab/nss';
import type { ConsentRequest } from '../../../lib/settings';
import { HARNESS_CONSENT } from './chromium';
import { firefoxPrefs, guardPac, userJs } from './firefox-prefs';

/** Set on the guard's 502, so a test can tell it from a lab server's. */
export const GUARD_HEADER = 'x-vantage-guard';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxLaunchOptions {
  lab: Lab;
  /** Built add-on (`wxt build -b firefox` → .output/firefox-mv3). */
  extensionDir?: string;
  headless?: boolean;
  /** Extra roots to trust in the profile (e.g. the lab's "government" CA, as if the user installed it). */
  trustAlso?: string[];
  /** The first-run answer (default HARNESS_CONSENT, as in Chromium); `false` leaves it unanswered. */
  consent?: ConsentRequest | false;
}

export interface FirefoxSession {
  /** The gecko id the add-on was installed under. */
  extensionId: string;
  /** `moz-extension://<uuid>`: Firefox picks the uuid per profile. */
  extensionOrigin: string;
  /** One WebDriver BiDi command; rejects with the BiDi error. */
  send<T = unknown>(method: string, params: Record<string, unknown>): Promise<T>;
  /**
   * Evaluate `expression` (awaited, then JSON-serialised) in an extension page the harness
   * opened (options.html), with the add-on's `browser` API. The background is one step away:
   * `(await browser.runtime.getBackgroundPage()).fetch(...)` runs in the event page itself.
   */
  evaluateInExtension<T = unknown>(expression: string): Promise<T>;
  /** Open an extension page (e.g. 'popup.html') in a new tab; resolves to its BiDi context id. */
  openExtensionPage(path: string): Promise<string>;
  /** Evaluate (awaited, JSON-serialised) in a BiDi browsing context. */
  evaluate<T = unknown>(context: string, expression: string): Promise<T>;
  /** The first-run page's BiDi context, left open and unanswered when launched with `consent: false`. */
  firstRun?: string;
  /** Requests Firefox addressed to an IP literal outside loopback: stopped at the guard, never sent. */
  guarded: string[];
  /** Kill Firefox (its whole process group) and delete the profile. Safe to call twice. */
  close(): Promise<void>;
}

type BidiMessage = { id?: number; type: string; result?: unknown; error?: string; message?: string };
type EvaluateResult = {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
};

/**
 * firefox-esr with the built add-on installed as a temporary extension over WebDriver BiDi
 * (Debian has no geckodriver). Names resolve only through the lab's DoH server (TRR mode 3),
 * address literals outside loopback end at a local guard, and the lab CA is trusted in a
 * fresh profile that is deleted on close.
 */
export async function launchFirefox(options: FirefoxLaunchOptions): Promise<FirefoxSession> {
  const { lab } = options;
  const outside = lab.hosts.filter((host) => !/^127\.\d+\.\d+\.\d+$/.test(host.ip));
  if (outside.length) throw new Error(`lab hosts outside loopback: ${outside.map((h) => h.name).join(', ')}`);

  const profile = mkdtempSync(join(tmpdir(), 'vantage-firefox-'));
  const guarded: string[] = [];
  const guard = await startGuard(guarded);
  let child: ChildProcess | undefined;
  // If this Node process exits without close() (a crashed worker), Firefox must not outlive it.
  const killOnExit = () => killGroup(child);
  process.once('exit', killOnExit);
  const cleanup = async () => {
    process.off('exit', killOnExit);
    await stopProcess(child);
    await new Promise<void>((r) => guard.server.close(() => r()));
    for (const socket of guard.sockets) socket.destroy();
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const doh = hostByName(lab.hosts, 'doh1.lab.test');
    const pacPath = join(profile, 'guard.pac');
    writeFileSync(pacPath, guardPac(`127.0.0.1:${guard.port}`));
    writeFileSync(
      join(profile, 'user.js'),
      userJs(firefoxPrefs('https://doh1.lab.test/dns-query', doh.ip, pathToFileURL(pacPath).href)),
    );
    lab.prepareFirefoxProfileCerts(profile);
    options.trustAlso?.forEach((caPath, i) => prepareFirefoxProfileCerts(profile, caPath, `Extra root ${i}`));

    // Port 0: Firefox picks a free port and prints it, so no race with other launches.
    // --remote-allow-system-access lets the harness open moz-extension:// pages from the
    // browser window, which BiDi's navigate refuses (NS_ERROR_MALFORMED_URI).
    // detached: its own process group, so close() kills the content processes too.
    child = spawn(
      FIREFOX_PATH,
      [
        ...(options.headless === false ? [] : ['--headless']),
        '--no-remote',
        '--remote-allow-system-access',
        '--profile',
        profile,
        '--remote-debugging-port=0',
        'about:blank',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
        env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
      },
    );
    const wsUrl = await bidiAddress(child, 30_000);
    const socket = await openSocket(`${wsUrl}/session`);

    let nextId = 1;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as BidiMessage;
      if (message.id === undefined) return; // events: none subscribed
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'error') waiter?.reject(new Error(`${message.error}: ${message.message}`));
      else waiter?.resolve(message.result);
    });
    // A crashed or killed Firefox must fail the waiting command, not hang the test.
    socket.on('close', () => {
      for (const waiter of pending.values()) waiter.reject(new Error('Firefox closed the BiDi connection'));
      pending.clear();
    });
    const send = <T>(method: string, params: Record<string, unknown>) =>
      new Promise<T>((resolveCall, reject) => {
        if (socket.readyState !== WebSocket.OPEN) return reject(new Error('BiDi connection is closed'));
        const id = nextId++;
        pending.set(id, { resolve: resolveCall as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });

    await send('session.new', { capabilities: {} });
    const { extension: extensionId } = await send<{ extension: string }>('webExtension.install', {
      extensionData: { type: 'path', path: resolve(options.extensionDir ?? '.output/firefox-mv3') },
    });

    const evaluate = async <T>(context: string, expression: string): Promise<T> => {
      // JSON out of the page: exact values, no BiDi remote-value depth limits.
      const result = await send<EvaluateResult>('script.evaluate', {
        expression: `Promise.resolve((${expression})).then((v) => v === undefined ? undefined : JSON.stringify(v))`,
        target: { context },
        awaitPromise: true,
      });
      if (result.type === 'exception') throw new Error(result.exceptionDetails?.text ?? 'exception');
      const json = result.result?.value;
      return (typeof json === 'string' ? JSON.parse(json) : undefined) as T;
    };

    // The browser window, for the one thing content scope cannot do: open an extension page.
    const chrome = await send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {
      'moz:scope': 'chrome',
    });
    const browserWindow = chrome.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!browserWindow) throw new Error('no Firefox browser window');
    const extensionOrigin = await evaluate<string>(
      browserWindow.context,
      `WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).getURL('').replace(/\\/$/, '')`,
    );

    const contentTabs = async () =>
      (
        await send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {
          maxDepth: 0,
        })
      ).contexts;
    const openExtensionPage = async (path: string) => {
      const url = `${extensionOrigin}/${path.replace(/^\//, '')}`;
      const before = new Set((await contentTabs()).map((c) => c.context));
      await evaluate(
        browserWindow.context,
        `void gBrowser.addTab(${JSON.stringify(url)}, {
           triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() })`,
      );
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const tab = (await contentTabs()).find((c) => !before.has(c.context) && c.url === url);
        if (tab) {
          const ready = await evaluate<string>(tab.context, 'document.readyState').catch(() => 'loading');
          if (ready === 'complete') return tab.context;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${url} did not open`);
    };

    // On install the add-on opens its first-run page and contacts nothing until it is answered
    // (first-run consent): answer it from that page, with the message its button sends, then close it.
    const consent = options.consent ?? HARNESS_CONSENT;
    const welcomeUrl = `${extensionOrigin}/welcome.html`;
    const deadline = Date.now() + 15_000;
    let welcome: string | undefined;
    while (!welcome) {
      welcome = (await contentTabs()).find((c) => c.url === welcomeUrl)?.context;
      if (welcome) break;
      if (Date.now() > deadline) throw new Error('the first-run page did not open');
      await new Promise((r) => setTimeout(r, 50));
    }
    if (consent) {
      const reply = await evaluate<{ ok: boolean; reason?: string; detail?: string }>(
        welcome,
        `browser.runtime.sendMessage({ vantage: 1, type: 'consentChoose', data: ${JSON.stringify(consent)} })`,
      );
      if (!reply.ok) throw new Error(`consentChoose failed: ${reply.reason} ${reply.detail ?? ''}`);
      await send('browsingContext.close', { context: welcome });
    }

    let ownPage: string | undefined;
    let closed = false;
    return {
      extensionId,
      extensionOrigin,
      send,
      guarded,
      firstRun: consent ? undefined : welcome,
      evaluate,
      openExtensionPage,
      async evaluateInExtension<T>(expression: string) {
        // A page of our own, not the first-run options tab: tests may close or reuse that one.
        const alive = ownPage && (await contentTabs()).some((c) => c.context === ownPage);
        if (!alive) ownPage = await openExtensionPage('options.html');
        return evaluate<T>(ownPage!, expression);
      },
      async close() {
        if (closed) return;
        closed = true;
        socket.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Firefox prints "WebDriver BiDi listening on ws://127.0.0.1:PORT" once it is ready. */
function bidiAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveAddress, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(`no BiDi address after ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`Firefox did not start: ${why}\n${log.slice(-2000)}`));
    };
    child.once('error', (error) => fail(String(error)));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        // Keep draining stderr so Firefox never blocks on a full pipe.
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolveAddress(match[1]!);
      }
    });
  });
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolveSocket, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolveSocket(socket));
    socket.once('error', reject);
  });
}

/**
 * The address every non-loopback IP literal is proxied to: it notes the request line
 * ("CONNECT 192.0.2.1:443 HTTP/1.1") and answers 502, so the request never leaves the machine.
 * A proxy that hangs up makes Firefox retry about ten times; a 502 is final
 * (NS_ERROR_PROXY_BAD_GATEWAY for https, a 502 response for http).
 */
async function startGuard(
  guarded: string[],
): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (data) => {
      guarded.push(data.toString('latin1').split('\r\n')[0] ?? '');
      socket.end(
        `HTTP/1.1 502 Bad Gateway\r\n${GUARD_HEADER}: blocked\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => child.once('exit', r));
  // The group, not just the parent: content and socket processes share it (spawned detached).
  killGroup(child);
  await exited;
}
