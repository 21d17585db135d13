import { expect } from '@open-wc/testing';
import { Downsampler, level, toInt16 } from './pcm-downsampler.js';

function sine(frequency: number, rate: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * frequency * i) / rate));
}

/** Feeds `input` in AudioWorklet-sized blocks of 128. */
function run(downsampler: Downsampler, input: Float32Array): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += 128) parts.push(...downsampler.process(input.subarray(i, i + 128)));
  return Float32Array.from(parts);
}

const rms = (s: Float32Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / s.length);

describe('Downsampler', () => {
  for (const rate of [48_000, 44_100]) {
    it(`turns ${rate} Hz into 16 kHz: a second in, a second out, speech frequencies kept`, () => {
      const out = run(new Downsampler(rate), sine(1000, rate, 1));
      expect(out.length).to.be.within(15_950, 16_000);
      // 1 kHz keeps its level (0.5 amplitude = 0.354 RMS), after the filter's start-up.
      expect(rms(out.subarray(200))).to.be.closeTo(0.354, 0.01);
      // ...and its frequency: count zero crossings over the second.
      let crossings = 0;
      for (let i = 201; i < out.length; i++) if (out[i - 1]! < 0 !== out[i]! < 0) crossings++;
      expect(crossings / ((out.length - 200) / 16_000)).to.be.closeTo(2000, 10);
    });

    it(`removes what 16 kHz cannot carry (${rate} Hz input, 12 kHz tone): no aliasing`, () => {
      const out = run(new Downsampler(rate), sine(12_000, rate, 0.5));
      expect(rms(out.subarray(200))).to.be.below(0.01);
    });
  }

  it('passes 16 kHz through unchanged', () => {
    const input = sine(440, 16_000, 0.1);
    const out = run(new Downsampler(16_000), input);
    expect(out.length).to.be.within(input.length - 1, input.length);
    expect(out[100]).to.be.closeTo(input[100]!, 1e-6);
  });

  it('refuses to upsample', () => {
    expect(() => new Downsampler(8000)).to.throw(RangeError);
  });
});

describe('toInt16 and level', () => {
  it('clips and scales floats to 16-bit samples', () => {
    expect([...toInt16(Float32Array.of(0, 1, -1, 2, -2, 0.5))]).to.deep.equal([0, 32767, -32768, 32767, -32768, 16383]);
  });
  it('measures silence as 0 and a full-scale square wave as 1', () => {
    expect(level(new Int16Array(100))).to.equal(0);
    expect(level(Int16Array.from({ length: 100 }, (_, i) => (i % 2 ? 32767 : -32768)))).to.be.closeTo(1, 0.001);
  });
});
