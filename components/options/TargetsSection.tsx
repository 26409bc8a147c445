import { useState } from 'preact/hooks';
import { activeTargetsReport } from '../../lib/engine';
import {
  categoryChange,
  groupTargets,
  removeChange,
  restoreCategoryChange,
  restoreChange,
  type TargetRow,
} from '../../lib/options';
import { addTarget, CATEGORIES, listPacks, MAX_TARGETS, type Category } from '../../lib/targets';
import { CATEGORY_KEY } from '../labels';
import { urlProblemText } from './problem-text';
import type { SectionProps } from './section-props';
import { Section } from './Section';
import { TargetImport } from './TargetImport';
import { plural } from '../../lib/i18n';
import { useTranslator } from '../use-translator';

const PACK_KEY: Record<string, string> = {
  kz: 'optionsPackKz',
  ru: 'optionsPackRu',
  by: 'optionsPackBy',
  global: 'optionsPackGlobal',
  none: 'optionsPackNone',
};

/** Which sites are checked: the built-in pack, the user's removals and additions, imports. */
export function TargetsSection(props: SectionProps) {
  const { settings, save, t } = props;
  const { language } = useTranslator();
  const groups = groupTargets(settings);
  const active = groups.reduce((sum, group) => sum + group.activeCount, 0);
  // What a run leaves out of this list, said here rather than dropped in silence.
  const { overCap, specialUse } = activeTargetsReport(settings);

  return (
    <Section id="targets" title={t('optionsTargetsTitle')} intro={t('optionsTargetsIntro')}>
      <div class="field">
        <label for="pack">{t('optionsPack')}</label>
        <select
          id="pack"
          data-testid="pack"
          value={settings.packId}
          onChange={(event) => void save({ packId: event.currentTarget.value })}
        >
          {[...listPacks().map((pack) => pack.id), 'none'].map((id) => (
            <option key={id} value={id}>
              {t(PACK_KEY[id] ?? id)}
            </option>
          ))}
        </select>
      </div>

      <AddSite {...props} />
      <TargetImport {...props} />

      <h3>{t('optionsActiveTargets', active)}</h3>
      {overCap > 0 && (
        <p class="error" data-testid="targets-over-cap">
          {plural(t, language, 'words_scaleActiveOverCap', overCap, MAX_TARGETS)}
        </p>
      )}
      {specialUse > 0 && (
        <p class="error" data-testid="targets-special-use">
          {plural(t, language, 'words_scaleActiveSpecialUse', specialUse)}
        </p>
      )}
      {groups.length === 0 && <p>{t('optionsNoTargets')}</p>}
      {groups.map((group) => (
        <details key={group.category} class="target-group" data-testid={`group-${group.category}`}>
          <summary>
            {t(CATEGORY_KEY[group.category])} ({group.activeCount}/{group.rows.length})
          </summary>
          <ul>
            {group.rows.map((row) => (
              <TargetItem key={row.target.id} row={row} {...props} />
            ))}
          </ul>
        </details>
      ))}
    </Section>
  );
}

function TargetItem(props: SectionProps & { row: TargetRow }) {
  const { row, settings, save, t } = props;
  const { target } = row;
  return (
    <li class={row.active ? 'target' : 'target removed'} data-testid="target" data-url={target.url}>
      <span class="target-name">
        <span translate={false}>{target.name}</span>
        {row.origin === 'own' && <span class="tag"> · {t('optionsTargetOwn')}</span>}
        {!row.active && <span class="tag"> · {t('optionsTargetRemoved')}</span>}
        {row.packCategory && (
          <span class="tag" data-testid="category-changed">
            {' '}
            · {t('takeawayCategoryChanged', t(CATEGORY_KEY[row.packCategory]))}
          </span>
        )}
        <br />
        <span class="url" translate={false}>
          {target.url}
        </span>
        {/* What the list that brought the site says about it: the list's words, not ours. */}
        {target.notes && (
          <span class="notes" data-testid="target-notes">
            <br />
            {t('takeawayNotes')} <q translate={false}>{target.notes}</q>
          </span>
        )}
      </span>
      <select
        aria-label={t('takeawayCategoryOf', target.name)}
        data-testid="target-category"
        value={target.category}
        onChange={(event) => void save(categoryChange(settings, row, event.currentTarget.value as Category))}
      >
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(CATEGORY_KEY[c])}
          </option>
        ))}
      </select>
      {row.packCategory && (
        <button
          type="button"
          data-testid="category-restore"
          aria-label={t('takeawayCategoryRestoreSite', target.name, t(CATEGORY_KEY[row.packCategory]))}
          onClick={() => void save(restoreCategoryChange(settings, target.id))}
        >
          {t('takeawayCategoryRestore')}
        </button>
      )}
      {row.active ? (
        <button
          type="button"
          aria-label={t('optionsRemoveSite', target.name)}
          onClick={() => void save(removeChange(settings, row))}
        >
          {t('optionsRemove')}
        </button>
      ) : (
        <button
          type="button"
          aria-label={t('optionsRestoreSite', target.name)}
          onClick={() => void save(restoreChange(settings, target.id))}
        >
          {t('optionsRestore')}
        </button>
      )}
    </li>
  );
}

function AddSite({ settings, save, t }: SectionProps) {
  const [url, setUrl] = useState('');
  const [category, setCategory] = useState<Category>('news');
  const [error, setError] = useState<string | undefined>();

  async function add(event: Event) {
    event.preventDefault();
    // The pack's entries count too: adding a site that is already checked would do nothing.
    const all = groupTargets(settings).flatMap((group) => group.rows.map((row) => row.target));
    const result = addTarget(all, { url, category });
    if (!result.ok) {
      setError(urlProblemText(t, result.reason));
      return;
    }
    setError(undefined);
    setUrl('');
    await save({ customTargets: [...settings.customTargets, result.target] });
  }

  return (
    <form class="add-site" onSubmit={(event) => void add(event)} noValidate>
      <h3>{t('optionsAddSite')}</h3>
      <div class="row">
        <div class="field">
          <label for="add-url">{t('optionsAddSiteUrl')}</label>
          <input
            id="add-url"
            type="text"
            inputMode="url"
            value={url}
            placeholder="https://example.kz/"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'add-url-error' : undefined}
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="add-category">{t('optionsAddSiteCategory')}</label>
          <select
            id="add-category"
            value={category}
            onChange={(event) => setCategory(event.currentTarget.value as Category)}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(CATEGORY_KEY[c])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('optionsAdd')}</button>
      </div>
      {error && (
        <p id="add-url-error" class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
