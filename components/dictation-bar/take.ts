import { AUDIO_SAMPLE_RATE, AUDIO_SEND_WINDOW_SAMPLES } from '../../protocol/index.js';
import { AudioJournal } from './audio-journal.js';

/** While the link is down, the microphone keeps recording up to this much; then it stops (and keeps all of it). */
export const MAX_KEPT_SECONDS = 300;
/** Audio goes to the durable journal in pieces this long, so a crashed tab loses at most this much. */
export const PERSIST_EVERY_SAMPLES = AUDIO_SAMPLE_RATE * 0.3;
/** Replayed audio is sent a second at a time (the most a frame may carry). */
export const REPLAY_FRAME_SAMPLES = AUDIO_SAMPLE_RATE;

/** Where text goes in a field: the text just before it, and its offset. */
export interface Anchor {
  before: string;
  offset: number;
}

/** Text as it went into a field, and the place. */
export interface Inserted {
  text: string;
  at: Anchor;
}

/**
 * One dictation into one field: it outlives a dead link, and with the durable journal, the page. Offsets are samples
 * from the take's start; the server counts from the start of the stream carrying it (`streamBase`).
 */
export interface Take<Field = unknown> {
  id: string;
  /** Who dictated it (null in single-user mode): its text goes only into that user's session, its copy under their key. */
  user: string | null;
  /** Whether the durable journal has a record of it (its audio can be written there). */
  kept: boolean;
  field: Field | null;
  /** How to find the field again after a reload. */
  fieldKey: string;
  createdAt: number;
  /** Where the text goes after a reload. */
  anchor: Anchor | null;
  journal: AudioJournal;
  /** The server stream carrying this take now, if any. */
  stream: 'none' | 'starting' | 'live' | 'stopping';
  /** Take offset at which the current stream began: the server counts `through` from there. */
  streamBase: number;
  /** Take offset sent so far on the current stream. */
  sent: number;
  /** Take offset the server said it received (`audio-ack`): at most a window is sent beyond it. */
  acked: number;
  /** Take offset up to which audio is in the durable journal. */
  persisted: number;
  /** Audio before this offset was not transcribed when first spoken: its text is recovered. */
  owedUntil: number;
  /** Words of recovered text inserted so far. */
  recoveredWords: number;
  /** Releases the Web Lock that tells other tabs this take is in hand here. */
  release: () => void;
  /** Why this page asked the current stream to stop: the user (wants the text now) or the seal before expiry. */
  stopBy: 'user' | 'seal' | null;
  /** A final cut mid-utterance, held until `stopped` says whether to keep it or transcribe the utterance again. */
  held: { text: string; through: number } | null;
}

/** A take with nothing sent, acknowledged or owed yet, beyond what `given` says (a take recovered from storage). */
export function createTake<Field>(
  given: Pick<Take<Field>, 'id' | 'user' | 'field' | 'fieldKey' | 'createdAt'> & Partial<Take<Field>>,
): Take<Field> {
  return {
    kept: false,
    anchor: null,
    journal: new AudioJournal(),
    stream: 'none',
    streamBase: 0,
    sent: 0,
    acked: 0,
    persisted: 0,
    owedUntil: 0,
    recoveredWords: 0,
    release: () => undefined,
    stopBy: null,
    held: null,
    ...given,
  };
}

/** A new stream carries the take from the first sample still kept: the server counts from there. */
export function beginStream(take: Take): void {
  take.stream = 'starting';
  take.stopBy = null;
  take.held = null;
  take.streamBase = take.sent = take.acked = take.journal.start;
}

/**
 * Flow control: the pieces of kept audio the current stream may be sent now, at most a window ahead of what the
 * server acknowledged (`all`: before a stop, everything). A replay is so paced by the server instead of filling the
 * socket ahead of the keep-alives. `send` returns false when the socket would not take it; the take records what went.
 */
export function pump(take: Take, send: (pcm: Int16Array) => boolean, all = false): void {
  if (take.stream !== 'live') return;
  for (const piece of take.journal.read(take.sent, REPLAY_FRAME_SAMPLES)) {
    if (!all && take.sent - take.acked >= AUDIO_SEND_WINDOW_SAMPLES) return;
    if (!send(piece)) return;
    take.sent += piece.length;
  }
}

/** Whether the audio a final covers (from the journal's start) was captured with no link: its text is recovered. */
export const isOwed = (take: Take) => take.journal.start < take.owedUntil;

/** The link went down: the take's stream is gone, and everything captured so far is owed to a later stream. */
export function dropStream(take: Take): void {
  take.stream = 'none';
  take.held = null; // its utterance is transcribed again, whole
  take.owedUntil = Math.max(take.owedUntil, take.journal.end);
}

/** Words in a text, as counted for "Recovered 27 words". */
export const countWords = (text: string) => text.trim().split(/\s+/).length;
