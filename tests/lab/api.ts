import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCollector, type LabCollector } from './collector';
import type { LabHost } from './hosts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  time: number;
}

interface ApiContext {
  requests: RecordedRequest[];
  overrides: Map<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>;
  hosts: readonly LabHost[];
  collector: LabCollector;
}

const CATEGORY_CODES: Record<string, string> = {
  messengers: 'COMT',
  social: 'GRP',
  news: 'NEWS',
  circumvention: 'ANON',
  'control-domestic': 'GOVT',
  'control-global': 'CULTR',
};

/**
 * A stand-in for OONI's API on api.lab.test: the country test list, and (for later
 * issues) check-in, collector and aggregation. Records every request so tests can grep
 * every byte that arrived.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'https://api.lab.test');
  ctx.requests.push({
    method: req.method ?? 'GET',
    path: url.pathname + url.search,
    headers: req.headers,
    body,
    time: Date.now(),
  });
  const json = (status: number, value: unknown) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end(JSON.stringify(value));

  const override = ctx.overrides.get(url.pathname);
  if (override) return override(req, res, body);
  if (handleCollector(ctx.collector, req, res, url.pathname, body)) return;

  if (url.pathname === '/api/v1/test-list/urls') {
    const cc = url.searchParams.get('probe_cc') ?? 'ZZ';
    const results = ctx.hosts
      .filter((host) => host.group)
      .map((host) => ({
        url: `https://${host.name}/`,
        category_code: CATEGORY_CODES[host.group!] ?? 'MISC',
        category_description: host.group,
        country_code: cc,
      }));
    json(200, {
      metadata: { count: results.length, current_page: 1, limit: -1, next_url: '', pages: 1 },
      results,
    });
    return;
  }
  if (url.pathname === '/api/v1/aggregation') {
    // OONI's aggregate for one domain and country: what other people's probes measured.
    const domain = url.searchParams.get('domain') ?? '';
    const blocked = ctx.hosts.some((h) => h.name === domain && h.group === 'messengers');
    json(200, {
      v: 0,
      dimension_count: 0,
      result: blocked
        ? { anomaly_count: 41, confirmed_count: 3, failure_count: 2, measurement_count: 57, ok_count: 11 }
        : { anomaly_count: 0, confirmed_count: 0, failure_count: 1, measurement_count: 20, ok_count: 19 },
    });
    return;
  }
  if (url.pathname === LAB_MIRRORS_PATH) {
    json(200, labMirrorList(ctx.hosts));
    return;
  }
  json(404, { error: 'not found' });
}

/** Where the lab serves its copy of the bypass-mirrors list (settings.advice.mirrorsUrl in tests). */
export const LAB_MIRRORS_PATH = '/mirrors/mirrorSites.json';

/**
 * The bundled bypass-mirrors list plus entries for the lab's news sites, so a refresh can be
 * told apart from the bundled copy: azattyq.lab.test gets a mirror on clean.lab.test and an onion.
 */
function labMirrorList(hosts: readonly LabHost[]): { version: string; sites: unknown[] } {
  const bundled = JSON.parse(
    readFileSync(new URL('../../data/mirrors/mirrorSites.json', import.meta.url), 'utf8'),
  ) as { version: string; sites: unknown[] };
  const news = hosts.filter((host) => host.group === 'news');
  const lab = news.map((host) => ({
    main_domain: host.name,
    available_alternatives: [
      {
        proto: 'https',
        type: 'mirror',
        url: `https://clean.lab.test/mirror/${host.name}/`,
        updated_at: '2026-11-01',
      },
      {
        proto: 'tor',
        type: 'eotk',
        url: `https://${host.name.split('.')[0]}labmirrorxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion`,
        updated_at: '2026-11-01',
      },
    ],
  }));
  return { version: bundled.version, sites: [...lab, ...bundled.sites] };
}
