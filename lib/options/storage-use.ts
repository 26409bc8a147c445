/** The stores the options page counts, in the order it lists them (the user's words for them in i18n). */
export const COUNTED_STORES = [
  'measurements',
  'runs',
  'outages',
  'articles',
  'images',
  'sources',
  'outbox',
] as const;
export type CountedStore = (typeof COUNTED_STORES)[number];

/** The part of an open idb database this module reads. */
export interface CountableDatabase {
  objectStoreNames: { contains(name: string): boolean };
  count(store: never): Promise<number>;
}

/**
 * Rows per store. A store missing from an older database counts as 0 rather than failing, so the
 * page can show storage use whatever version the database is at.
 */
export async function countRows(db: CountableDatabase): Promise<Record<CountedStore, number>> {
  const entries = await Promise.all(
    COUNTED_STORES.map(async (store) => {
      if (!db.objectStoreNames.contains(store)) return [store, 0] as const;
      return [store, await db.count(store as never)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<CountedStore, number>;
}

/** Bytes as a short human figure in the user's language ("1.5 MB", "1,5 МБ"): binary steps, one decimal. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // Chromium's ICU has no kk unit names (it prints "kB"); Kazakh writes КБ, МБ, ГБ with a decimal
  // comma, exactly as Russian does.
  return new Intl.NumberFormat(locale === 'kk' ? 'ru' : locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
