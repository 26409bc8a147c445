import type { Category } from '../targets/types';
import type { Blocking, ConnectionState } from '../verdict/types';

/** Where a card sends the reader: always a place to get a tool safely, or one of our own pages. */
export interface AdviceLink {
  /** Message key of the link's label. */
  labelKey: string;
  /** https:, mailto: (an autoresponder), or an extension page ('reader.html'). */
  url: string;
  kind: 'official-site' | 'app-store' | 'email-autoresponder' | 'f-droid' | 'telegram-bot' | 'extension-page';
}

/** A numbered list of steps, optionally headed (e.g. "In Chrome", "In Firefox"). */
export interface AdviceSteps {
  headingKey?: string;
  stepKeys: string[];
}

/**
 * One piece of advice. Every visible word is a message key (public/_locales), so a card reads
 * the same in English, Russian and Kazakh. `appliesKey`, `notAppliesKey` and `riskKey` are
 * required: no card may recommend something without saying when it is wrong and what it costs.
 */
export interface AdviceCard {
  id: string;
  /** 'warning' cards are shown first and styled as a warning (interception, legal risk). */
  tone: 'warning' | 'info';
  titleKey: string;
  bodyKey: string;
  appliesKey: string;
  notAppliesKey: string;
  riskKey: string;
  steps: AdviceSteps[];
  links: AdviceLink[];
}

/** What the connection-level rules read: the popup's last assessment. */
export interface ConnectionSituation {
  state: ConnectionState;
  blockedCategories: readonly Category[];
  /** Some site was intercepted (a certificate from a root the browser does not ship). */
  intercepted?: boolean;
}

/** What the site-level rules read: one site's verdict, what kind of site it is, and the connection. */
export interface SiteSituation {
  blocking: Blocking;
  subKind: string;
  category: Category;
  /** The site's host name (lets a messenger get its own proxy card). */
  host: string;
  connection: ConnectionState;
}
