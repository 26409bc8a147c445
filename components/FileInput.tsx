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
 * A labelled file picker that hands over one file. The input is emptied as soon as a file is
 * taken, so choosing the same file again (after fixing it, or after a failed import) is seen
 * as a new choice rather than ignored by the browser as "no change".
 */
export function FileInput(props: FileInputProps) {
  const hintId = `${props.id}-hint`;
  return (
    <div class={props.class ?? 'field'}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="file"
        accept={props.accept}
        aria-describedby={props.hint ? hintId : undefined}
        data-testid={props.testId}
        onChange={(event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          input.value = '';
          if (file) void props.onFile(file);
        }}
      />
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
