import type { ComponentChildren } from 'preact';

/** One titled part of the options page; the heading names the region for screen readers. */
export function Section(props: { id: string; title: string; intro?: string; children: ComponentChildren }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`} class="options-section">
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.intro && <p class="intro">{props.intro}</p>}
      {props.children}
    </section>
  );
}
