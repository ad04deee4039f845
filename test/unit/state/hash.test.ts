import { describe, expect, test } from 'vitest';
import { BACKENDS, completeState, DEFAULT_STATE, encodeHash, parseHash } from '../../../src/state/hash';
import { encodeDrawing } from '../../../src/state/drawing';
import { BACKEND_ORDER } from '../../../src/engine/protocol';

describe('URL hash state', () => {
  test('#backend= offers exactly the engine’s backends, WebAssembly included', () => {
    expect([...BACKENDS]).toEqual([...BACKEND_ORDER]);
    expect(parseHash('#backend=wasm').values).toEqual({ backend: 'wasm' });
    expect(parseHash('#backend=tpu').notices.join(' ')).toContain('use webgpu, webgl, wasm or cpu');
  });

  test('reads the documented example', () => {
    const { values, notices } = parseHash('#panel=forward&t=250&schedule=linear&T=1000');
    expect(values).toEqual({ panel: 'forward', t: 250, schedule: 'linear', T: 1000 });
    expect(notices).toEqual([]);
  });

  test('round-trips every field', () => {
    const s = { ...DEFAULT_STATE, panel: 'sampling' as const, t: 17, schedule: 'cosine' as const, T: 50, digit: 'drawn' as const, drawing: encodeDrawing(new Float32Array(784).fill(-1).fill(1, 300, 340)), seed: 99, sampleSeed: 12345, backend: 'cpu' as const, lang: 'ko' as const, model: 'mlp' as const, size: 'tiny' as const, embed: true };
    expect({ ...DEFAULT_STATE, ...parseHash(encodeHash(s)).values }).toEqual(s);
  });

  test('clamps out-of-range numbers with a notice', () => {
    const { values, notices } = parseHash('#T=-5&t=99999999&digit=123456&seed=-1');
    expect(values.T).toBe(2);
    expect(values.t).toBe(2); // clamped to the (clamped) T
    expect(values.digit).toBe(9999);
    expect(values.seed).toBe(0);
    expect(notices).toHaveLength(4); // T, digit, seed, then t against the clamped T
    expect(notices[0]).toMatch(/T=“-5” is outside 2–4000; using 2/);
  });

  test('ignores malformed and hostile values with a notice, never throwing', () => {
    const hostile = '#panel=<script>alert(1)</script>&t=1e400&schedule=javascript:alert(1)&T=NaN&backend=tpu&zzz=1&digit=%00';
    const { values, notices } = parseHash(hostile);
    expect(values).toEqual({});
    expect(notices).toHaveLength(7);
    expect(notices[0]).toContain('Ignored panel=“<script>alert(1)</script>”');
    expect(parseHash('#%E0%A4%A').notices.length).toBeGreaterThanOrEqual(0); // malformed escapes do not throw
  });

  test('a drawn digit without a usable drawing falls back with a notice', () => {
    const { values, notices } = parseHash('#digit=drawn&drawing=abc');
    expect(values.digit).toBeUndefined();
    expect(values.drawing).toBeUndefined();
    expect(notices).toEqual([
      'Ignored the drawing in the link: it is damaged or incomplete.',
      'The link asks for a drawn digit but carries no usable drawing; showing a dataset digit instead.',
    ]);
  });

  test('a default t follows the link’s T, and t never exceeds T', () => {
    expect(completeState(parseHash('#T=50').values).t).toBe(13);
    expect(completeState(parseHash('#T=1000').values).t).toBe(250);
    expect(completeState(parseHash('#T=50&t=20').values).t).toBe(20);
    expect(completeState({ T: 10, t: 99 }).t).toBe(10);
  });

  test('shortens very long values in notices', () => {
    const { notices } = parseHash(`#panel=${'x'.repeat(10_000)}`);
    expect(notices[0].length).toBeLessThan(120);
  });
});

describe('URL hash state: the sampler', () => {
  test('round-trips DDIM settings and leaves defaults out of the link', () => {
    const s = { ...DEFAULT_STATE, sampler: 'ddim' as const, sigma: 'betaTilde' as const, eta: 0.35, steps: 20 };
    const hash = encodeHash(s);
    expect(hash).toMatch(/sampler=ddim/);
    expect(hash).toMatch(/eta=0\.35/);
    expect({ ...DEFAULT_STATE, ...parseHash(hash).values }).toEqual(s);
    expect(encodeHash(DEFAULT_STATE)).not.toMatch(/sampler|sigma|eta|steps/);
  });

  test('clamps η to 0 … 1 and the DDIM steps to 10 … T, each with a notice', () => {
    let r = parseHash('#eta=1.5&steps=3');
    expect(r.values.eta).toBe(1);
    expect(r.values.steps).toBe(10);
    expect(r.notices).toEqual(['eta=“1.5” is outside 0–1; using 1.', 'steps=“3” is outside 10–1000; using 10.']);
    r = parseHash('#T=50&steps=400');
    expect(r.values.steps).toBe(50);
    r = parseHash('#eta=-0.2&steps=ten&sampler=ddpx&sigma=huge');
    expect(r.values).toEqual({});
    expect(r.notices).toHaveLength(4);
  });

  test('the meter is on by default, meter=0 hides it and travels in the link; other values get a notice', () => {
    expect(DEFAULT_STATE.meter).toBe(true);
    expect(encodeHash(DEFAULT_STATE)).not.toMatch(/meter/);
    expect(encodeHash({ ...DEFAULT_STATE, meter: false })).toMatch(/(#|&)meter=0(&|$)/);
    expect(parseHash('#meter=0').values.meter).toBe(false);
    expect(parseHash('#meter=1').values.meter).toBe(true);
    expect(parseHash('#meter=off').notices).toEqual(['Ignored meter=“off”: use 0 or 1.']);
  });

  test('x̂_0 clipping is on by default and travels as clip=0 when off; other values get a notice', () => {
    expect(DEFAULT_STATE.clip).toBe(true);
    expect(encodeHash(DEFAULT_STATE)).not.toMatch(/clip/);
    const off = { ...DEFAULT_STATE, clip: false };
    expect(encodeHash(off)).toMatch(/clip=0/);
    expect({ ...DEFAULT_STATE, ...parseHash(encodeHash(off)).values }).toEqual(off);
    expect(parseHash('#clip=1').values.clip).toBe(true);
    const bad = parseHash('#clip=yes');
    expect(bad.values).toEqual({});
    expect(bad.notices).toEqual(['Ignored clip=“yes”: use 0 or 1.']);
  });

  test('a huge whole number is clamped, not called malformed', () => {
    const r = parseHash(`#digit=${'9'.repeat(400)}&t=${'9'.repeat(30)}`);
    expect(r.values.digit).toBe(9999);
    expect(r.values.t).toBe(1000);
    expect(r.notices[0]).toMatch(/outside 0–9999; using 9999/);
  });

  test('completeState keeps the default DDIM steps inside a small T', () => {
    expect(completeState({ T: 4 }).steps).toBe(4);
    expect(completeState({ T: 30 }).steps).toBe(30);
  });
});

describe('URL hash state: the digit to draw and the guidance scale', () => {
  test('class and w round-trip, cond=1 asks for a conditional model, and defaults stay out of the link', () => {
    expect(DEFAULT_STATE.digitClass).toBe('any');
    expect(DEFAULT_STATE.w).toBe(2);
    expect(encodeHash(DEFAULT_STATE)).not.toMatch(/class|(#|&)w=|cond/);
    const s = { ...DEFAULT_STATE, digitClass: 7, w: 0.5, conditional: true };
    const hash = encodeHash(s);
    expect(hash).toMatch(/(#|&)class=7(&|$)/);
    expect(hash).toMatch(/(#|&)w=0\.5(&|$)/);
    expect(hash).toMatch(/(#|&)cond=1(&|$)/);
    expect({ ...DEFAULT_STATE, ...parseHash(hash).values }).toEqual(s);
    expect(parseHash('#class=any&w=0').values).toEqual({ digitClass: 'any', w: 0 });
    const between = parseHash('#w=1.3');
    expect(between.values).toEqual({ w: 1.5 });
    expect(between.notices).toEqual(['w=“1.3” is between the slider’s steps of 0.5; using 1.5.']);
  });

  test('a class that is not a digit, and w outside 0 … 8, get a notice', () => {
    let r = parseHash('#class=12&w=9.5&cond=yes');
    expect(r.values).toEqual({ w: 8 });
    expect(r.notices).toEqual([
      'Ignored class=“12”: use a digit 0–9 or any.',
      'w=“9.5” is outside 0–8; using 8.',
      'Ignored cond=“yes”: use 0 or 1.',
    ]);
    r = parseHash('#w=-1&class=seven');
    expect(r.values).toEqual({});
    expect(r.notices).toEqual(['Ignored w=“-1”: use a number from 0 to 8.', 'Ignored class=“seven”: use a digit 0–9 or any.']);
  });
});
