/** The audio a recording carries, and how fast a client may send it. Shared by the server and the bar. */

/** The only audio format: 16 kHz, mono, signed 16-bit little-endian PCM, in binary frames after `start`. */
export const AUDIO_SAMPLE_RATE = 16_000;
export const AUDIO_ENCODING = 'pcm_s16le';
/**
 * The bar sends 50 ms per frame. A frame waits on the page until it is full, so its length adds up to one frame to
 * the time from the end of speech to the final: 100 ms frames made that about 45 ms longer at the median with six
 * streams (bench/README.md). Shorter ones cost a WebSocket message each for no gain: the decoder steps 50 ms at a time.
 */
export const CLIENT_FRAME_SAMPLES = AUDIO_SAMPLE_RATE / 20;
/** A frame of more than one second of audio is refused (error, socket open). */
export const MAX_AUDIO_FRAME_BYTES = AUDIO_SAMPLE_RATE * 2;
/**
 * While a recording runs, the server says `audio-ack` each time another this many samples (one second) have arrived,
 * so a client that streams audio hears from the server at least once a second and can tell a silent link from a
 * quiet speaker without waiting for a keep-alive.
 */
export const AUDIO_ACK_EVERY_SAMPLES = AUDIO_SAMPLE_RATE;

/**
 * Flow control for audio: a client sends at most this many samples beyond the last `audio-ack`'s `received`. A live
 * recording never comes near it (acks follow every second); a replay after an outage is paced by the server's
 * acknowledgements instead of filling the socket, so keep-alives never queue behind minutes of audio.
 */
export const AUDIO_SEND_WINDOW_SAMPLES = 4 * AUDIO_SAMPLE_RATE;
