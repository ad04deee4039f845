import { describe, expect, it } from 'vitest';
import { clampT, parseHostMessage } from '../../../src/state/hostMessages';
import { historyWrite, NEW_ENTRY_AFTER_MS } from '../../../src/state/historyPolicy';

describe('parseHostMessage', () => {
  it('ignores messages that are not ours', () => {
    for (const m of ['hello', 42, null, undefined, [], { type: 'other:set-t', t: 3 }, { t: 3 }, { type: 7 }]) {
      expect(parseHostMessage(m)).toBeNull();
    }
  });

  it('accepts the four commands with their fields, and drops extra keys', () => {
    expect(parseHostMessage({ type: 'ddpm:set-t', t: 321.4, extra: '<b>' })).toEqual({ ok: true, command: { type: 'ddpm:set-t', t: 321.4 } });
    expect(parseHostMessage({ type: 'ddpm:sweep', playing: false })).toEqual({ ok: true, command: { type: 'ddpm:sweep', playing: false } });
    expect(parseHostMessage({ type: 'ddpm:train', running: true })).toEqual({ ok: true, command: { type: 'ddpm:train', running: true } });
    expect(parseHostMessage({ type: 'ddpm:get-state' })).toEqual({ ok: true, command: { type: 'ddpm:get-state' } });
  });

  it('refuses malformed ddpm: messages with a reason', () => {
    const bad: [unknown, RegExp][] = [
      [{ type: 'ddpm:set-t', t: '5' }, /finite number t/],
      [{ type: 'ddpm:set-t', t: Number.NaN }, /finite number t/],
      [{ type: 'ddpm:set-t', t: Infinity }, /finite number t/],
      [{ type: 'ddpm:set-t' }, /finite number t/],
      [{ type: 'ddpm:sweep', playing: 'yes' }, /playing: true or false/],
      [{ type: 'ddpm:train', running: 1 }, /running: true or false/],
      [{ type: 'ddpm:launch' }, /Unknown message type/],
    ];
    for (const [m, re] of bad) {
      const r = parseHostMessage(m);
      expect(r?.ok).toBe(false);
      if (r && !r.ok) {
        expect(r.error).toMatch(re);
        expect(r.received).toBe((m as { type: string }).type);
      }
    }
  });

  it('clamps and rounds t to 0 … T', () => {
    expect(clampT(-40, 1000)).toBe(0);
    expect(clampT(2000, 1000)).toBe(1000);
    expect(clampT(321.6, 1000)).toBe(322);
    expect(clampT(250, 1000)).toBe(250);
  });
});

describe('historyWrite', () => {
  it('starts a new Back/Forward entry only after a pause, never in an embed or on the first write', () => {
    expect(historyWrite({ embed: false, first: false, sinceLastWriteMs: NEW_ENTRY_AFTER_MS })).toBe('push');
    expect(historyWrite({ embed: false, first: false, sinceLastWriteMs: 250 })).toBe('replace');
    expect(historyWrite({ embed: false, first: true, sinceLastWriteMs: 1e9 })).toBe('replace');
    expect(historyWrite({ embed: true, first: false, sinceLastWriteMs: 1e9 })).toBe('replace');
  });
});
