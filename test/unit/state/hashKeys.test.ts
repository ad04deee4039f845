import { describe, expect, test } from 'vitest';
import { completeState, DEFAULT_STATE, encodeHash, HASH_KEYS, parseHash, type HashState, type Range } from '../../../src/state/hash';
import { encodeDrawing } from '../../../src/state/drawing';

type Field = keyof HashState;
const FIELDS = Object.keys(HASH_KEYS) as Field[];
/** A small dataset, so that digit's range is easy to step out of. */
const DIGIT_COUNT = 100;

/** A value as a link writes it. */
const written = (v: unknown) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
/** What a link holding only `name=raw` gives. */
const read = (name: string, raw: string) => parseHash(`#${name}=${encodeURIComponent(raw)}`, DIGIT_COUNT);
/** The state after a trip through a link. */
const roundTrip = (s: HashState) => completeState(parseHash(encodeHash(s), DIGIT_COUNT).values);

const keysOfKind = (...kinds: string[]) => FIELDS.filter((f) => kinds.includes(HASH_KEYS[f].codec.kind)).map((field) => ({ field, ...HASH_KEYS[field] }));

/** A state in which every field differs from its default. */
const EVERYTHING_CHANGED: HashState = {
  panel: 'sampling', t: 17, schedule: 'cosine', T: 50, digit: 'drawn', drawing: encodeDrawing(new Float32Array(784).fill(-1).fill(1, 300, 340)),
  seed: 99, sampleSeed: 12345, backend: 'wasm', model: 'mlp', size: 'tiny', sampler: 'ddim', sigma: 'betaTilde', eta: 0.5, steps: 20,
  clip: false, meter: false, digitClass: 3, w: 4.5, conditional: true, lang: 'ko', embed: true,
};

describe('the table of hash keys', () => {
  test('every field of the state has exactly one key, no two keys share a name, and the defaults are DEFAULT_STATE', () => {
    expect([...FIELDS].sort()).toEqual(Object.keys(DEFAULT_STATE).sort());
    const names = FIELDS.map((f) => HASH_KEYS[f].name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FIELDS) expect(HASH_KEYS[f].default, f).toEqual(DEFAULT_STATE[f]);
    for (const f of FIELDS) expect(EVERYTHING_CHANGED[f], f).not.toEqual(DEFAULT_STATE[f]);
  });

  test('each field has its documented name and kind of value, in the order links write them', () => {
    expect(FIELDS.map((f) => `${f}: ${HASH_KEYS[f].name} (${HASH_KEYS[f].codec.kind})`)).toEqual([
      'panel: panel (choice)', 't: t (wholeUpToT)', 'schedule: schedule (choice)', 'T: T (whole)', 'digit: digit (whole)',
      'drawing: drawing (drawing)', 'seed: seed (whole)', 'sampleSeed: sampleSeed (whole)', 'backend: backend (choice)',
      'model: model (choice)', 'size: size (choice)', 'sampler: sampler (choice)', 'sigma: sigma (choice)', 'eta: eta (decimal)',
      'steps: steps (wholeUpToT)', 'clip: clip (bit)', 'meter: meter (bit)', 'digitClass: class (choice)', 'w: w (decimal)',
      'conditional: cond (bit)', 'lang: lang (choice)', 'embed: embed (flag)',
    ]);
  });

  test('the defaults make the shortest link, which reads back as the defaults without a notice', () => {
    const hash = encodeHash(DEFAULT_STATE);
    expect(hash).toBe('#panel=forward&t=250&schedule=linear&T=1000&digit=0&seed=1&sampleSeed=7');
    const { values, notices } = parseHash(hash);
    expect(notices).toEqual([]);
    expect(completeState(values)).toEqual(DEFAULT_STATE);
    expect(completeState({})).toEqual(DEFAULT_STATE);
  });

  test.each(FIELDS.filter((f) => DEFAULT_STATE[f] !== null))('the default of %s, written in a link, reads back as itself', (field) => {
    const { values, notices } = read(HASH_KEYS[field].name, written(DEFAULT_STATE[field]));
    expect(notices).toEqual([]);
    expect(values).toEqual({ [field]: DEFAULT_STATE[field] });
  });

  test('a link writes every key in the table’s order, and reads back every field', () => {
    const hash = encodeHash(EVERYTHING_CHANGED);
    expect([...new URLSearchParams(hash.slice(1)).keys()]).toEqual(FIELDS.map((f) => HASH_KEYS[f].name));
    expect(roundTrip(EVERYTHING_CHANGED)).toEqual(EVERYTHING_CHANGED);
  });
});

describe('keys that name one of a list', () => {
  test.each(keysOfKind('choice'))('$name: every member round-trips; anything else gets a notice and the default', ({ field, name, codec }) => {
    if (codec.kind !== 'choice') throw new Error('not a list');
    expect(codec.members.length).toBeGreaterThan(1);
    for (const member of codec.members) {
      const s = { ...DEFAULT_STATE, [field]: member };
      expect(roundTrip(s), `${name}=${String(member)}`).toEqual(s);
    }
    const { values, notices } = read(name, 'not-a-member');
    expect(values).toEqual({});
    expect(notices).toEqual([`Ignored ${name}=“not-a-member”: ${codec.hint}.`]);
    expect(completeState(values)[field]).toEqual(DEFAULT_STATE[field]);
  });
});

describe('keys that hold a number', () => {
  /** The range of a number key for a link without T (T at its default). */
  function rangeOf(field: Field): Range {
    const { codec } = HASH_KEYS[field];
    if (codec.kind === 'whole') return codec.range(DIGIT_COUNT);
    if (codec.kind === 'wholeUpToT') return codec.range(DEFAULT_STATE.T);
    if (codec.kind === 'decimal') return { min: 0, max: codec.max };
    throw new Error(`${field} is not a number`);
  }

  test.each(keysOfKind('whole', 'wholeUpToT', 'decimal'))('$name: both ends of its range are kept as they are', ({ field, name }) => {
    for (const end of Object.values(rangeOf(field))) {
      const { values, notices } = read(name, String(end));
      expect(notices, `${name}=${end}`).toEqual([]);
      expect(values).toEqual({ [field]: end });
    }
  });

  test.each(keysOfKind('whole', 'wholeUpToT'))('$name: a whole number below or above its range is clamped, with a notice', ({ field, name }) => {
    const { min, max } = rangeOf(field);
    for (const [n, c] of [[min - 1, min], [max + 1, max]]) {
      const { values, notices } = read(name, String(n));
      expect(values).toEqual({ [field]: c });
      expect(notices).toEqual([`${name}=“${n}” is outside ${min}–${max}; using ${c}.`]);
    }
    expect(read(name, '1.5').notices).toEqual([`Ignored ${name}=“1.5”: not a whole number.`]);
  });

  test.each(keysOfKind('wholeUpToT'))('$name is checked against the link’s T, wherever T stands in the link', ({ field, name, codec }) => {
    if (codec.kind !== 'wholeUpToT') throw new Error('not bounded by T');
    const { min, max } = codec.range(50);
    for (const hash of [`#${name}=999&T=50`, `#T=50&${name}=999`]) {
      const { values, notices } = parseHash(hash);
      expect(values).toEqual({ T: 50, [field]: max });
      expect(notices).toEqual([`${name}=“999” is outside ${min}–${max}; using ${max}.`]);
    }
  });

  test.each(keysOfKind('decimal'))('$name: a number above its range is clamped with a notice; a negative one is ignored with a notice', ({ field, name, codec }) => {
    if (codec.kind !== 'decimal') throw new Error('not a decimal');
    const above = read(name, String(codec.max + 0.5));
    expect(above.values).toEqual({ [field]: codec.max });
    expect(above.notices).toEqual([`${name}=“${codec.max + 0.5}” is outside 0–${codec.max}; using ${codec.max}.`]);
    const below = read(name, '-0.5');
    expect(below.values).toEqual({});
    expect(below.notices).toEqual([`Ignored ${name}=“-0.5”: use a number from 0 to ${codec.max}.`]);
  });
});

describe('keys that are on or off', () => {
  test.each(keysOfKind('bit'))('$name: 0 and 1 round-trip; anything else gets a notice and the default', ({ field, name }) => {
    for (const on of [false, true]) {
      const s = { ...DEFAULT_STATE, [field]: on };
      expect(roundTrip(s)).toEqual(s);
    }
    const { values, notices } = read(name, 'yes');
    expect(values).toEqual({});
    expect(notices).toEqual([`Ignored ${name}=“yes”: use 0 or 1.`]);
  });

  test.each(keysOfKind('flag'))('$name: on for 1 or true, off for anything else, never with a notice', ({ field, name }) => {
    for (const [raw, on] of [['1', true], ['true', true], ['0', false], ['no', false]] as const) {
      expect(read(name, raw)).toEqual({ values: { [field]: on }, notices: [] });
    }
  });
});
