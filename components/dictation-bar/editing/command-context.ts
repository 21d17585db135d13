import type { RecognisedCommand } from '../../../protocol/voice-commands.js';
import type { DictationWriter } from '../writers.js';
import type { ChoiceList } from './choice-list.js';
import type { DictatedSpans } from './dictated-spans.js';
import type { EditingText } from './editing-text.js';

/**
 * A request to the dictation service, with the user's session (for her lists): a JSON body, or a string with its
 * content type; the answer's JSON (or text). Never throws: status 0 is no answer.
 */
export type ServiceRequest = (
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
  answer?: 'json' | 'text',
) => Promise<{ ok: boolean; status: number; body: unknown }>;

/** What a command acts with: the field's writer, what was dictated there, the list, the service and the status bar. */
export interface CommandContext {
  field: HTMLElement;
  writer: DictationWriter;
  spans: DictatedSpans;
  choices: ChoiceList;
  text: EditingText;
  /** Each field's auto-text choices, by what its brackets hold (`[clear]` -> clear, wheeze, crackles). */
  fieldChoices: WeakMap<HTMLElement, Map<string, string[]>>;
  request: ServiceRequest;
  /** A sentence for the status bar (and screen readers). */
  say(sentence: string): void;
}

export type Run = (context: CommandContext, command: RecognisedCommand) => void | Promise<void>;

/** The service's reason for refusing a request (`{error: {message}}`), if it gave one. */
export const refusalOf = (body: unknown): string => (body as { error?: { message?: string } } | null)?.error?.message ?? '';
