import { useState } from 'preact/hooks';
import { useTranslator } from './use-translator';
import './file-input.css';

interface FileInputProps {
  id: string;
  label: string;
  /** File types offered by the picker (it is only a hint: the handler still checks the content). */
  accept: string;
  /** Called with the chosen file. */
  onFile(file: File): void | Promise<void>;
  hint?: string;
  testId?: string;
  /** The wrapper's class: `field` on the options page. */
  class?: string;
}

/**
 * A labelled file picker that hands over one file. The browser draws a file input's button and
 * its "No file chosen" in the browser's own language, whatever the page's: so the input is
 * visually hidden (still focusable, still what the label and tests address by id) and a
 * translated button-looking label and the chosen name are shown instead. The input is emptied
 * as soon as a file is taken, so choosing the same file again (after fixing it, or after a
 * failed import) is seen as a new choice rather than ignored by the browser as "no change".
 */
export function FileInput(props: FileInputProps) {
  const { t } = useTranslator();
  const [chosen, setChosen] = useState<string | undefined>();
  const hintId = `${props.id}-hint`;
  const chosenId = `${props.id}-chosen`;
  return (
    <div class={props.class ?? 'field'}>
      <label for={props.id}>{props.label}</label>
      <div>
        <input
          id={props.id}
          class="file-native"
          type="file"
          accept={props.accept}
          aria-describedby={[chosenId, props.hint ? hintId : ''].filter(Boolean).join(' ')}
          data-testid={props.testId}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (file) {
              setChosen(file.name);
              void props.onFile(file);
            }
          }}
        />
        <label for={props.id} class="file-button" data-testid={props.testId && `${props.testId}-button`}>
          {t('wordsChooseFile')}
        </label>
        <small id={chosenId} class="file-chosen">
          {chosen ? t('wordsFileChosen', chosen) : t('wordsNoFileChosen')}
        </small>
      </div>
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
