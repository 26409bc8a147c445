import type { LibraryFilter } from './reader-queries';

/** The reader page's address ⇄ which articles it lists, so a list can be linked and reloaded. */
export function filterFromQuery(search: string): LibraryFilter {
  const params = new URLSearchParams(search);
  const source = params.get('source');
  if (source) return { kind: 'source', sourceId: source };
  const site = params.get('site');
  if (site && /^[\w.-]+$/.test(site)) return { kind: 'site', host: site.toLowerCase() };
  const filter = params.get('filter');
  if (filter === 'unread' || filter === 'pinned') return { kind: filter };
  return { kind: 'all' };
}

export function queryFromFilter(filter: LibraryFilter): string {
  switch (filter.kind) {
    case 'source':
      return `source=${encodeURIComponent(filter.sourceId)}`;
    case 'site':
      return `site=${encodeURIComponent(filter.host)}`;
    case 'unread':
    case 'pinned':
      return `filter=${filter.kind}`;
    default:
      return '';
  }
}
