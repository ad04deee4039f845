import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { DeviceData } from '../../../src/engine/deviceData';
import { DEFAULT_TRAIN_CONFIG, type SessionEvent } from '../../../src/engine/protocol';
import { TrainingSession } from '../../../src/engine/session';
import { exportFiles, importFiles } from '../../../src/engine/persist';

function fakeDigits(count: number): DeviceData {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return new DeviceData(new Uint8Array(count), pixels);
}

const CONFIG = { ...DEFAULT_TRAIN_CONFIG, model: 'mlp' as const, size: 'tiny' as const, batchSize: 8 };

describe('training session', () => {
  test('Step takes exactly one optimisation step and reports its loss', async () => {
    const data = fakeDigits(1010);
    const events: SessionEvent[] = [];
    const session = new TrainingSession(() => data, (e) => events.push(e));
    const info = await session.rebuild(CONFIG);
    expect(info.step).toBe(0);
    const r = await session.stepOnce();
    expect(r.step).toBe(1);
    expect(Number.isFinite(r.loss)).toBe(true);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(1);
    expect(progress[0].type === 'progress' && Array.from(progress[0].losses)).toEqual([Math.fround(r.loss)]);
    expect(Array.from(session.history.toArray())).toEqual([Math.fround(r.loss)]);
    await session.rebuild(CONFIG); // dispose
    data.dispose();
  });

  test('a NaN loss pauses, restores the last good weights and says so; no tensor leaks', async () => {
    const data = fakeDigits(1010);
    const notices: string[] = [];
    const session = new TrainingSession(() => data, (e) => e.type === 'notice' && notices.push(e.message));
    await session.rebuild(CONFIG);
    await session.stepOnce(); // step 1, finite: the snapshot of step 1 is kept
    const good = await session.model!.params[0].variable.data();
    const tensorsBefore = tf.memory().numTensors;
    // Poison one weight: the next loss is NaN.
    const poison = tf.fill(session.model!.params[0].variable.shape, NaN);
    session.model!.params[0].variable.assign(poison);
    poison.dispose();
    const r = await session.stepOnce();
    expect(r.loss).toBeNaN();
    expect(notices.at(-1)).toMatch(/NaN or infinite.*restored the weights of step 1/);
    expect(session.step).toBe(1);
    expect(Array.from(await session.model!.params[0].variable.data())).toEqual(Array.from(good));
    expect(session.history.length).toBe(1);
    // Training goes on from the restored weights.
    const next = await session.stepOnce();
    expect(Number.isFinite(next.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    data.dispose();
  });
});

describe('a conditional model in the session', () => {
  test('trains on the digits’ labels, and round-trips through export and import as a conditional model', async () => {
    const pixels = new Uint8Array(1010 * 784);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
    const data = new DeviceData(Uint8Array.from({ length: 1010 }, (_, i) => i % 10), pixels);
    const session = new TrainingSession(() => data, () => undefined);
    const info = await session.rebuild({ ...CONFIG, conditional: true });
    expect(info.config.conditional).toBe(true);
    expect(session.model!.config.conditional).toBe(true);
    expect(session.model!.params.map((p) => p.name)).toContain('label.embedding');
    const embedding = session.model!.params.find((p) => p.name === 'label.embedding')!.variable;
    const before = Array.from(await embedding.data());
    await session.stepOnce();
    await session.stepOnce();
    // the label rows moved: the labels reached the loss
    expect(Array.from(await embedding.data())).not.toEqual(before);
    const files = await exportFiles(session);
    expect(JSON.parse(files.modelJson).modelTopology.config.conditional).toBe(true);

    const other = new TrainingSession(() => data, () => undefined);
    await other.rebuild(CONFIG);
    const imported = await importFiles(other, files);
    expect(imported.config.conditional).toBe(true);
    expect(imported.step).toBe(2);
    expect(Array.from(await other.model!.params.find((p) => p.name === 'label.embedding')!.variable.data()))
      .toEqual(Array.from(await embedding.data()));
    // and an unconditional checkpoint still loads as one
    const plain = new TrainingSession(() => data, () => undefined);
    await plain.rebuild(CONFIG);
    await plain.stepOnce();
    const back = await importFiles(other, await exportFiles(plain));
    expect(back.config.conditional).toBe(false);
    expect(other.model!.config.conditional).toBeFalsy();
    for (const s of [session, other, plain]) await s.rebuild(CONFIG);
    data.dispose();
  });
});
