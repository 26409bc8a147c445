/**
 * Resolves in a task of its own, after the tasks already queued — a keystroke, or a query sent to
 * the index worker. A port message, not setTimeout(0): nested timeouts are clamped to 4 ms each,
 * and on the reader page a zero timeout asked from an input handler fired ~22 ms later (traced,
 * issue #17 seventh round), while a port message is the next task.
 */
const waiting: (() => void)[] = [];
let channel: MessageChannel | undefined;

export function nextTask(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Node (unit tests) keeps a process alive while a port listens; a browser has no unref.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}
