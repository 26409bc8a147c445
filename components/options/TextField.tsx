import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../../lib/i18n';
import type { FieldProblem, FieldResult } from '../../lib/options';
import { fieldProblemText } from './problem-text';

interface TextFieldProps<T> {
  id: string;
  label: string;
  hint?: string;
  value: T;
  parse(text: string): FieldResult<T>;
  onValid(value: T): Promise<void>;
  t: Translate;
  inputMode?: 'numeric' | 'url';
  type?: 'text' | 'url';
}

/**
 * A labelled field saved when the user commits it (Enter or leaving the field). A refused value
 * stays in the field with the reason beside it, so nothing typed is silently dropped.
 */
export function TextField<T extends string | number>(props: TextFieldProps<T>) {
  const [text, setText] = useState(String(props.value));
  const [problem, setProblem] = useState<FieldProblem | undefined>();
  // A change from elsewhere (an import) replaces the text unless the user is fixing an error.
  useEffect(() => {
    if (!problem) setText(String(props.value));
  }, [props.value]);

  async function commit(next: string) {
    setText(next);
    const parsed = props.parse(next);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(undefined);
    if (parsed.value !== props.value) await props.onValid(parsed.value);
    setText(String(parsed.value));
  }

  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy = [props.hint ? hintId : '', problem ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        value={text}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        // What is typed is kept in the state as it is typed: a redraw before it is committed (a
        // setting saved elsewhere, the field just left saved late) would else put back the old text.
        onInput={(event) => setText(event.currentTarget.value)}
        onChange={(event) => void commit(event.currentTarget.value)}
      />
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
      {problem && (
        <p id={errorId} class="error" role="alert">
          {fieldProblemText(props.t, problem)}
        </p>
      )}
    </div>
  );
}
