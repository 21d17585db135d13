// The AudioWorklet that turns the microphone into the recognizer's format: 16 kHz mono 16-bit PCM in 50 ms
// frames, each posted to the page with its level. Runs on the audio thread; built as its own file
// (dist/pcm-capture-worklet.js) because worklets are loaded by URL.
import { CLIENT_FRAME_SAMPLES as FRAME_SAMPLES } from '../../protocol/audio.js';
import { Downsampler, level, toInt16 } from './pcm-downsampler.js';

/** What the page receives for each frame. */
export interface CaptureFrame {
  pcm: ArrayBuffer;
  level: number;
}

// The AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class PcmCaptureProcessor extends AudioWorkletProcessor {
  readonly #downsampler = new Downsampler(sampleRate);
  #pending = new Float32Array(0);

  constructor() {
    super();
    // "flush": the recording stops; send the last partial frame too, so no word is cut off.
    this.port.onmessage = () => {
      this.#post(this.#pending);
      this.#pending = new Float32Array(0);
      this.port.postMessage('flushed');
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const mono = new Float32Array(channels[0]!.length);
    for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / channels.length;
    const out = this.#downsampler.process(mono);
    const joined = new Float32Array(this.#pending.length + out.length);
    joined.set(this.#pending);
    joined.set(out, this.#pending.length);
    let offset = 0;
    for (; offset + FRAME_SAMPLES <= joined.length; offset += FRAME_SAMPLES) this.#post(joined.subarray(offset, offset + FRAME_SAMPLES));
    this.#pending = joined.slice(offset);
    return true;
  }

  #post(samples: Float32Array): void {
    if (samples.length === 0) return;
    const pcm = toInt16(samples);
    const frame: CaptureFrame = { pcm: pcm.buffer as ArrayBuffer, level: level(pcm) };
    this.port.postMessage(frame, [frame.pcm]);
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
