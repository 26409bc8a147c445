import * as dnsPacket from '@leichtgewicht/dns-packet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An uncensored resolver: answers A queries for lab names from a table and NXDOMAIN for
 * everything else; AAAA gets an empty NOERROR. Speaks RFC 8484 (GET ?dns= and POST) and
 * the JSON flavour (`?name=&type=` with accept application/dns-json, and Google's /resolve).
 */
export async function answerDoh(
  req: IncomingMessage,
  res: ServerResponse,
  table: Map<string, string>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://doh.lab.test');
  res.setHeader('access-control-allow-origin', '*');
  const wantsJson = url.pathname === '/resolve' || url.searchParams.has('name');
  if (wantsJson) {
    const name = (url.searchParams.get('name') ?? '').replace(/\.$/, '').toLowerCase();
    const type = (url.searchParams.get('type') ?? 'A').toUpperCase();
    const ip = table.get(name);
    const isA = type === 'A' || type === '1';
    const body = {
      Status: ip ? 0 : 3,
      Question: [{ name, type: 1 }],
      Answer: ip && isA ? [{ name, type: 1, TTL: 60, data: ip }] : undefined,
    };
    res.writeHead(200, { 'content-type': 'application/dns-json' }).end(JSON.stringify(body));
    return;
  }
  let query: Uint8Array;
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    query = new Uint8Array(Buffer.concat(chunks));
  } else {
    const dns = url.searchParams.get('dns');
    if (!dns) {
      res.writeHead(400).end('missing dns parameter');
      return;
    }
    query = new Uint8Array(Buffer.from(dns, 'base64url'));
  }
  let packet;
  try {
    packet = dnsPacket.packet.decode(query);
  } catch {
    res.writeHead(400).end('bad query');
    return;
  }
  const question = packet.questions?.[0];
  const name = (question?.name ?? '').toLowerCase();
  const ip = table.get(name);
  const answers = ip && question?.type === 'A' ? [{ type: 'A' as const, name, ttl: 60, data: ip }] : [];
  const response = dnsPacket.packet.encode({
    type: 'response',
    id: packet.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (ip ? 0 : 3),
    questions: packet.questions,
    answers,
  });
  res.writeHead(200, { 'content-type': 'application/dns-message' }).end(Buffer.from(response));
}

/** A resolver that has been tampered with or is broken: 200 with bytes that parse as nothing. */
export function answerGarbage(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://x');
  if (url.searchParams.has('name') || url.pathname === '/resolve') {
    res
      .writeHead(200, { 'content-type': 'application/dns-json' })
      .end('{"Status": "yes", "Answer": [{"data": ');
  } else {
    res
      .writeHead(200, { 'content-type': 'application/dns-message' })
      .end(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]));
  }
}
