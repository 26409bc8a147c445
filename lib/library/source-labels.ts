/**
 * What each source is called in the reader. Feeds often share a title ("News", "RSS", a
 * publisher's name for each of its sections): where two or more would read the same, each gets
 * its address's host added, and where even that is shared, its path — so three failed sources
 * are three different lines, not one name three times.
 */
export function sourceLabels(
  sources: readonly { id: string; title: string; url: string }[],
): Map<string, string> {
  const byTitle = new Map<string, typeof sources>();
  for (const source of sources) {
    const key = source.title.trim().toLowerCase();
    byTitle.set(key, [...(byTitle.get(key) ?? []), source]);
  }
  const labels = new Map<string, string>();
  for (const group of byTitle.values()) {
    if (group.length === 1) {
      labels.set(group[0]!.id, group[0]!.title);
      continue;
    }
    const hosts = group.map((source) => hostOf(source.url));
    for (const [i, source] of group.entries()) {
      const host = hosts[i]!;
      const shared = hosts.filter((h) => h === host).length > 1;
      labels.set(source.id, `${source.title} (${shared ? shortAddress(source.url) : host})`);
    }
  }
  return labels;
}

function hostOf(address: string): string {
  try {
    return new URL(address).hostname.replace(/^www\./, '');
  } catch {
    return address;
  }
}

function shortAddress(address: string): string {
  try {
    const url = new URL(address);
    return `${url.hostname.replace(/^www\./, '')}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  } catch {
    return address;
  }
}
