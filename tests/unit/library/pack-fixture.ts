import type { PackLabels } from '../../../lib/library/pack';

/** The words a pack page is written with, in English, as the reader page passes them. */
export const PACK_LABELS: PackLabels = {
  title: 'Vantage offline pack',
  summary: '$1 articles, saved $2',
  contents: 'Contents',
  search: 'Search',
  shown: 'Shown: $1',
  savedFrom: 'Saved from',
  note: 'Open in any browser.',
};

/** A real 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
