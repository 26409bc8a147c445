/**
 * A benchmark library of distinct articles in Russian, Kazakh and English, made reproducibly
 * from the project's own text (fixture pages, feed titles, the ru/kk messages, and the sentences
 * in ./fixtures): sentences recombined into articles, with word forms varied the way the
 * languages inflect (Russian case endings, Kazakh suffixes with vowel harmony, English -s/-ed/-ing)
 * so the search index sees a vocabulary shaped like a real library's, not 8 pages repeated.
 *
 * Pure and seeded: the same seed and count give the same articles, byte for byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleRecord } from '../../lib/db';

export type Language = 'ru' | 'kk' | 'en';

export interface BenchArticle {
  id: string;
  url: string;
  sourceId: string;
  siteName: string;
  title: string;
  language: Language;
  publishedAt: number;
  fetchedAt: number;
  /** Article HTML as the library stores it (sanitized shape: p, h2, figure/img). */
  html: string;
  text: string;
  /** Indexes into the image pool (bench/library-corpus/images.ts), in document order. */
  images: number[];
}

export interface Corpus {
  sentences: Record<Language, string[]>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const ENGLISH_PAGES = ['bbc-1', 'ars-1', 'lwn-1', 'wikipedia'];

/** Mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stripTags = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&rsquo;|&lsquo;/g, "'")
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ');

const splitSentences = (text: string) =>
  text
    .split(/(?<=[.!?…])\s+(?=[«"A-ZА-ЯЁӘІҢҒҮҰҚӨҺ])/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 30 && s.length <= 320 && s.split(' ').length >= 5);

/** Every sentence the generator may use, by language, deduplicated and in a fixed order. */
export function loadCorpus(): Corpus {
  const en: string[] = [];
  for (const name of ENGLISH_PAGES)
    en.push(
      ...splitSentences(
        stripTags(readFileSync(join(ROOT, 'tests/fixtures/pages', name, 'expected.html'), 'utf8')),
      ),
    );
  for (const file of readdirSync(join(FIXTURES, 'en')).sort())
    en.push(...splitSentences(stripTags(readFileSync(join(FIXTURES, 'en', file), 'utf8'))));
  const fromMessages = (lang: 'ru' | 'kk') => {
    const messages = JSON.parse(
      readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'),
    ) as Record<string, { message: string }>;
    return Object.values(messages)
      .map((m) =>
        m.message
          .replace(/\$[A-Za-z0-9_]+\$|\$\d/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((m) => /[А-Яа-яӘәІіҢңҒғҮүҰұҚқӨөҺһ]/.test(m) && !/[<>{}]/.test(m))
      .flatMap((m) => splitSentences(m.endsWith('.') ? m : `${m}.`));
  };
  const lines = (file: string) =>
    readFileSync(join(FIXTURES, file), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  // The Russian feed in the fixtures is KOI8-R; its titles are Russian sentences too.
  const feedTitles = new TextDecoder('koi8-r')
    .decode(readFileSync(join(ROOT, 'tests/fixtures/feeds/koi8r.xml')))
    .match(/<title>([^<]+)<\/title>/g)!
    .map((t) => t.replace(/<\/?title>/g, ''));
  const ru = [
    ...lines('ru.txt'),
    ...fromMessages('ru'),
    ...feedTitles.map((t) => `${t}: подробности к вечеру.`),
  ];
  const kk = [...lines('kk.txt'), ...fromMessages('kk')];
  const unique = (xs: string[]) => [...new Set(xs)];
  return { sentences: { ru: unique(ru), kk: unique(kk), en: unique(en) } };
}

// --- Word forms --------------------------------------------------------------------------------

const RU_ENDINGS: [RegExp, string[]][] = [
  [/(ый|ий|ой)$/u, ['ого', 'ому', 'ым', 'ом', 'ая', 'ое', 'ые', 'ых', 'ую']],
  [/ия$/u, ['ии', 'ию', 'ией', 'ий']],
  [/ие$/u, ['ия', 'ию', 'ием', 'ии', 'ий']],
  [/а$/u, ['ы', 'е', 'у', 'ой', 'ам', 'ами', 'ах']],
  [/я$/u, ['и', 'е', 'ю', 'ей', 'ям', 'ях']],
  [/о$/u, ['а', 'у', 'ом', 'е', 'ам']],
  [/ь$/u, ['и', 'ю', 'ем', 'ей', 'ям']],
  [/([бвгджзклмнпрстфхцчшщ])$/u, ['$1а', '$1у', '$1ом', '$1е', '$1ы', '$1ов', '$1ам', '$1ами']],
];

/** One more case or number of a Russian noun or adjective, by its ending. */
export function russianForm(word: string, pick: number): string {
  // Verbs conjugate rather than decline; leave them as written.
  if (/(ть|ться|ет|ит|ют|ут|ат|ят|ся|сь|ли|ла|ло|ешь|ишь|ем|им)$/u.test(word)) return word;
  for (const [ending, forms] of RU_ENDINGS)
    if (ending.test(word)) return word.replace(ending, forms[Math.floor(pick * forms.length)]!);
  return word;
}

const KK_BACK = /[аоұыяу]/u;
const KK_VOWELS = 'аәеиоөұүыіэюяу';
const KK_VOICELESS = 'пфкқтсшщхцчһ';

/**
 * A Kazakh case or plural suffix chosen by the word's last vowel (front or back) and last sound
 * (vowel, voiced, voiceless, nasal), as the language's vowel and consonant harmony requires.
 */
export function kazakhForm(word: string, pick: number): string {
  const lower = word.toLowerCase();
  const vowels = [...lower].filter((c) => KK_VOWELS.includes(c));
  const back = vowels.length === 0 || KK_BACK.test(vowels.at(-1)!);
  const last = lower.at(-1)!;
  const kind = KK_VOWELS.includes(last)
    ? 'vowel'
    : KK_VOICELESS.includes(last)
      ? 'voiceless'
      : 'мнң'.includes(last)
        ? 'nasal'
        : 'voiced';
  const h = (backForm: string, frontForm: string) => (back ? backForm : frontForm);
  const suffixes = {
    genitive: kind === 'vowel' ? h('ның', 'нің') : kind === 'voiceless' ? h('тың', 'тің') : h('дың', 'дің'),
    dative: kind === 'voiceless' ? h('қа', 'ке') : h('ға', 'ге'),
    locative: kind === 'voiceless' ? h('та', 'те') : h('да', 'де'),
    ablative: kind === 'voiceless' ? h('тан', 'тен') : kind === 'nasal' ? h('нан', 'нен') : h('дан', 'ден'),
    instrumental:
      kind === 'voiceless' ? h('пен', 'пен') : kind === 'vowel' ? 'мен' : kind === 'nasal' ? 'мен' : 'бен',
    plural: kind === 'vowel' ? h('лар', 'лер') : kind === 'voiceless' ? h('тар', 'тер') : h('дар', 'дер'),
    accusative: kind === 'vowel' ? h('ны', 'ні') : kind === 'voiceless' ? h('ты', 'ті') : h('ды', 'ді'),
  };
  const all = Object.values(suffixes);
  return word + all[Math.floor(pick * all.length)]!;
}

function englishForm(word: string, pick: number): string {
  if (!/^[a-z]{4,}$/.test(word) || /(s|ed|ing|ly)$/.test(word)) return word;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/e$/.test(word)) return [`${word}s`, `${word}d`, `${word.slice(0, -1)}ing`][Math.floor(pick * 3)]!;
  if (/[^aeiou]y$/.test(word))
    return [`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`, `${word}ing`][Math.floor(pick * 3)]!;
  return [`${word}s`, `${word}ed`, `${word}ing`][Math.floor(pick * 3)]!;
}

const FORMS: Record<Language, (word: string, pick: number) => string> = {
  ru: russianForm,
  kk: kazakhForm,
  en: englishForm,
};
const WORD: Record<Language, RegExp> = {
  ru: /^[а-яё]{4,}$/u,
  kk: /^[а-яёәіңғүұқөһ]{4,}$/u,
  en: /^[a-z]{4,}$/,
};

/** A sentence with about one word in four put in another form (lowercase words only: names stay). */
function vary(sentence: string, language: Language, random: () => number): string {
  return sentence.replace(/[\p{L}]+/gu, (word) =>
    WORD[language].test(word) && random() < 0.25 ? FORMS[language](word, random()) : word,
  );
}

// --- Articles ------------------------------------------------------------------------------------

const SOURCES: Record<Language, string[]> = {
  ru: [
    'almaty-vesti',
    'stepnoy-kurier',
    'astana-segodnya',
    'karaganda-info',
    'vostok-novosti',
    'yug-pressa',
    'zhurnal-gorod',
    'radio-ulitsa',
    'pavlodar-24',
    'semey-tribuna',
    'kostanay-list',
    'aktau-mayak',
  ],
  kk: [
    'almaty-akshamy',
    'dala-zhanalyk',
    'elorda-uni',
    'turkistan-tany',
    'shygys-kabar',
    'oral-oy',
    'zhetisu-sozi',
    'aktobe-ainasy',
    'taraz-tynysy',
    'kyzylorda-kuni',
    'atyrau-tolkyny',
    'kokshe-hat',
  ],
  en: [
    'steppe-review',
    'central-asia-wire',
    'open-net-weekly',
    'the-reader-post',
    'northern-ledger',
    'city-desk',
    'tech-notes',
    'world-brief',
    'science-daily-digest',
    'harbour-times',
    'valley-herald',
    'morning-signal',
  ],
};
const LANGUAGES: Language[] = ['ru', 'kk', 'en'];
/** 2026-11-30T00:00Z: the newest article; older ones spread back over three years. */
const NEWEST = Date.UTC(2026, 10, 30);
const SPAN = 3 * 365 * 24 * 3600 * 1000;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const translit = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);

/**
 * The first `count` articles of the library made with `seed`, lazily (a bench streams them to the
 * browser in batches). Article i does not depend on `count`: 1,000 are the first 1,000 of 10,000.
 */
export function* generateArticles(
  corpus: Corpus,
  options: { seed: number; count: number; imagePool: number },
): Generator<BenchArticle> {
  const titles = new Set<string>();
  for (let i = 0; i < options.count; i++) {
    const random = prng(options.seed * 1_000_003 + i);
    const language = LANGUAGES[i % 3]!;
    const pool = corpus.sentences[language];
    const sentence = () => vary(pool[Math.floor(random() * pool.length)]!, language, random);
    // A title: the head of a recombined sentence, numbered within the run only if it repeats.
    const words = sentence()
      .replace(/[.!?…]+$/u, '')
      .split(' ');
    let title = words.slice(0, 5 + Math.floor(random() * 7)).join(' ');
    title = title.charAt(0).toUpperCase() + title.slice(1);
    if (titles.has(title)) title = `${title} (${i})`;
    titles.add(title);
    const site = SOURCES[language][Math.floor(random() * 12)]!;
    const fetchedAt = Math.round(NEWEST - i * (SPAN / 10_000) - random() * 3_600_000);
    const publishedAt = fetchedAt - Math.round(random() * 6 * 3_600_000);
    const paragraphs: string[] = [];
    const count = 5 + Math.floor(random() * 20);
    for (let p = 0; p < count; p++) {
      const n = 2 + Math.floor(random() * 4);
      paragraphs.push(Array.from({ length: n }, sentence).join(' '));
    }
    // Most articles have one picture, some two, a few none; sizes come from the pool.
    const r = random();
    const images =
      r < 0.1
        ? []
        : r < 0.7
          ? [Math.floor(random() * options.imagePool)]
          : [Math.floor(random() * options.imagePool), Math.floor(random() * options.imagePool)];
    const id = `bench${String(i).padStart(6, '0')}`;
    const html: string[] = [];
    paragraphs.forEach((text, p) => {
      if (p === 1 && images[0] !== undefined)
        html.push(`<figure><img src="https://img.${site}.bench.test/${id}/0.png" alt=""></figure>`);
      if (p === Math.floor(count / 2) && images[1] !== undefined)
        html.push(`<figure><img src="https://img.${site}.bench.test/${id}/1.png" alt=""></figure>`);
      if (p > 0 && p % 6 === 0) html.push(`<h2>${escape(sentence().split(' ').slice(0, 6).join(' '))}</h2>`);
      html.push(`<p>${escape(text)}</p>`);
    });
    const date = new Date(publishedAt);
    yield {
      id,
      url: `https://${site}.bench.test/${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${translit(title)}-${i}`,
      sourceId: `bench-${site}`,
      siteName: site,
      title,
      language,
      publishedAt,
      fetchedAt,
      html: html.join(''),
      text: paragraphs.join('\n\n'),
      images,
    };
  }
}

/** Distinct lowercase words over the given texts: the figure the index's size grows with. */
export function vocabulary(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts)
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) words.add(word);
  return words;
}

/** A generated article as the library stores one saved without pictures (for Node benches and tests). */
export function textOnlyRecord(a: BenchArticle): ArticleRecord {
  return {
    id: a.id,
    url: a.url,
    canonicalUrl: a.url,
    sourceId: a.sourceId,
    siteName: a.siteName,
    title: a.title,
    language: a.language,
    publishedAt: a.publishedAt,
    fetchedAt: a.fetchedAt,
    html: a.html,
    text: a.text,
    excerpt: '',
    imageKeys: [],
    bytes: 0,
    pinned: 0,
    read: 0,
  };
}
