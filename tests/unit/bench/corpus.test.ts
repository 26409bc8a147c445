import { describe, expect, it } from 'vitest';
import {
  generateArticles,
  kazakhForm,
  loadCorpus,
  russianForm,
  vocabulary,
} from '../../../bench/library-corpus/generate';

const corpus = loadCorpus();
const make = (seed: number, count: number) => [...generateArticles(corpus, { seed, count, imagePool: 16 })];

describe('the benchmark library generator (bench/library-corpus)', () => {
  it('makes the same articles from the same seed, and others from another', () => {
    expect(make(17, 60)).toEqual(make(17, 60));
    expect(make(18, 60).map((a) => a.text)).not.toEqual(make(17, 60).map((a) => a.text));
    // Article i does not depend on how many are made: a pack of 1,000 is the library's first 1,000.
    expect(make(17, 30)).toEqual(make(17, 60).slice(0, 30));
  });

  it('makes distinct articles in Russian, Kazakh and English, spread over time', () => {
    const articles = make(17, 600);
    for (const key of ['id', 'url', 'title', 'text'] as const)
      expect(new Set(articles.map((a) => a[key])).size).toBe(600);
    expect(new Set(articles.map((a) => a.language))).toEqual(new Set(['ru', 'kk', 'en']));
    const kk = articles.find((a) => a.language === 'kk')!;
    expect(kk.text).toMatch(/[әіңғүұқө]/);
    const ru = articles.find((a) => a.language === 'ru')!;
    expect(ru.text).toMatch(/[а-яё]{4,}/);
    const span = articles[0]!.fetchedAt - articles.at(-1)!.fetchedAt;
    expect(span).toBeGreaterThan(30 * 24 * 3600 * 1000);
    expect(articles.filter((a) => a.images.length > 0).length).toBeGreaterThan(400);
  });

  it('varies word forms as the languages inflect', () => {
    expect(russianForm('страна', 0)).toBe('страны');
    expect(russianForm('отключили', 0)).toBe('отключили'); // verbs left alone
    expect(kazakhForm('қала', 0)).toBe('қаланың'); // back vowel, after a vowel
    expect(kazakhForm('мектеп', 0.15)).toBe('мектепке'); // front vowel, after a voiceless consonant
  });

  it('has a vocabulary far larger than the 8 pages the old bench repeated', () => {
    const words = vocabulary(make(17, 600).map((a) => a.text));
    // The old library (bench/fill-library.ts) had 3,968 distinct words whatever its size.
    expect(words.size).toBeGreaterThan(10_000);
  });
});
