import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { batchBy } from '../../../telemetry/batch.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const sizeOfLetter = (): number => 10;

describe('batchBy', () => {
  it('emits a batch as soon as it holds maxCount items', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('abc-de|');
      expectObservable(source.pipe(batchBy({ maxCount: 3, maxBytes: 1_000, maxDelayMs: 100 }, undefined, sizeOfLetter))).toBe('--x---(y|)', {
        x: ['a', 'b', 'c'],
        y: ['d', 'e'],
      });
    });
  });

  it('emits maxDelayMs after the first item of a batch that is not full', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 20ms b 200ms |');
      const limits = { maxCount: 10, maxBytes: 1_000, maxDelayMs: 50 };
      // a at 0, b at 21: the batch started at 0 goes out at 50.
      expectObservable(source.pipe(batchBy(limits, undefined, sizeOfLetter))).toBe('50ms x 171ms |', { x: ['a', 'b'] });
    });
  });

  it('starts a new batch when the next item would pass maxBytes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('abc|');
      // 25 bytes per batch at 10 bytes each: two items fit, the third starts the next batch.
      expectObservable(source.pipe(batchBy({ maxCount: 10, maxBytes: 25, maxDelayMs: 100 }, undefined, sizeOfLetter))).toBe('--x(y|)', {
        x: ['a', 'b'],
        y: ['c'],
      });
    });
  });

  it('sends an item larger than maxBytes on its own', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('aB---|');
      const size = (item: string): number => (item === 'B' ? 100 : 10);
      expectObservable(source.pipe(batchBy({ maxCount: 10, maxBytes: 50, maxDelayMs: 100 }, undefined, size))).toBe('-(xy)|', {
        x: ['a'],
        y: ['B'],
      });
    });
  });
});
