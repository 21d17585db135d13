import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CaptureFrame } from './pcm-capture-worklet.js';

/** Why the microphone could not start or stopped by itself; each has its own sentence in the status bar. */
export type MicrophoneProblem = 'mic-denied' | 'mic-not-found' | 'mic-busy' | 'mic-unplugged' | 'mic-insecure' | 'mic-unsupported' | 'mic-failed';

export interface MicrophoneCallbacks {
  /** 50 ms of 16 kHz mono 16-bit PCM, and its level (0..1). */
  onFrame(pcm: ArrayBuffer, level: number): void;
  /** The microphone stopped by itself (unplugged, revoked). */
  onProblem(problem: MicrophoneProblem): void;
  /** The list of microphones changed (plugged, unplugged, permission granted so labels appeared). */
  onDevicesChange(devices: MediaDeviceInfo[]): void;
}

/** The worklet is its own file next to the bundle (dist/pcm-capture-worklet.js). */
export const DEFAULT_WORKLET_URL = new URL('./pcm-capture-worklet.js', import.meta.url).href;

export function problemForError(error: unknown): MicrophoneProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'mic-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'mic-not-found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'mic-busy';
    case 'SecurityError':
      return 'mic-insecure';
    default:
      return 'mic-failed';
  }
}

/**
 * The microphone: getUserMedia (echo cancellation, noise suppression), an AudioContext and the PCM capture worklet.
 * `start()` resolves to null or the problem; `stop()` flushes the last partial frame before releasing the device.
 * Removing the host releases everything.
 */
export class MicrophoneController implements ReactiveController {
  devices: MediaDeviceInfo[] = [];
  #stream: MediaStream | null = null;
  #context: AudioContext | null = null;
  #node: AudioWorkletNode | null = null;
  #starting: Promise<MicrophoneProblem | null> | null = null;
  #generation = 0;

  readonly #workletUrl: () => string;
  readonly #callbacks: MicrophoneCallbacks;

  constructor(
    host: ReactiveControllerHost,
    workletUrl: () => string,
    callbacks: MicrophoneCallbacks,
  ) {

    this.#workletUrl = workletUrl;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  get active(): boolean {
    return this.#node !== null;
  }

  start(deviceId = ''): Promise<MicrophoneProblem | null> {
    return (this.#starting ??= this.#start(deviceId).finally(() => (this.#starting = null)));
  }

  async #start(deviceId: string): Promise<MicrophoneProblem | null> {
    await this.#release();
    const generation = ++this.#generation;
    if (!window.isSecureContext) return 'mic-insecure';
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') return 'mic-unsupported';
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          channelCount: 1,
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
    } catch (error) {
      return problemForError(error);
    }
    if (generation !== this.#generation) {
      stop(stream);
      return null;
    }
    this.#stream = stream;
    void this.refreshDevices(); // labels appear once permission is granted
    try {
      const context = (this.#context = new AudioContext({ latencyHint: 'interactive' }));
      await context.audioWorklet.addModule(this.#workletUrl());
      await context.resume();
      if (generation !== this.#generation) return null;
      const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1 });
      node.port.onmessage = (event: MessageEvent<CaptureFrame | 'flushed'>) => {
        if (typeof event.data === 'object') this.#callbacks.onFrame(event.data.pcm, event.data.level);
      };
      // A silent path to the output keeps the graph pulling audio through the worklet in every browser.
      const mute = new GainNode(context, { gain: 0 });
      context.createMediaStreamSource(stream).connect(node).connect(mute).connect(context.destination);
      this.#node = node;
    } catch {
      await this.#release();
      return 'mic-failed';
    }
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', this.#onTrackEnded);
    return null;
  }

  /** Sends the last partial frame, then releases the device. */
  async stop(): Promise<void> {
    this.#generation++;
    const node = this.#node;
    if (node) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 300);
        node.port.addEventListener('message', (event: MessageEvent) => {
          if (event.data === 'flushed') {
            clearTimeout(timer);
            resolve();
          }
        });
        node.port.postMessage('flush');
      });
    }
    await this.#release();
  }

  async refreshDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    this.devices = all.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'communications');
    this.#callbacks.onDevicesChange(this.devices);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
    void this.refreshDevices();
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    this.#generation++;
    void this.#release();
  }

  #onDeviceChange = () => void this.refreshDevices();

  #onTrackEnded = () => {
    if (!this.#stream) return;
    void this.#release();
    this.#callbacks.onProblem('mic-unplugged');
  };

  async #release(): Promise<void> {
    const { node: _node, stream, context } = { node: this.#node, stream: this.#stream, context: this.#context };
    this.#node = null;
    this.#stream = null;
    this.#context = null;
    if (_node) _node.port.onmessage = null;
    if (stream) {
      for (const track of stream.getAudioTracks()) track.removeEventListener('ended', this.#onTrackEnded);
      stop(stream);
    }
    if (context && context.state !== 'closed') await context.close().catch(() => undefined);
  }
}

function stop(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
