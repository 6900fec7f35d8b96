/** The one bounded-concurrency mechanism of the command (scan, drift, mailbox export). */
import { concurrencyLimit, mapLimited } from '../../cli/concurrency';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the concurrency limit never lets more calls run at once than it allows, and runs them all', async () => {
  const limit = concurrencyLimit(2);
  let running = 0;
  let most = 0;
  const task = (i: number) => limit(async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 2 + (i % 3)));
    running--;
    return i;
  });
  expect(await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(task))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(most).toBe(2);
  expect(() => concurrencyLimit(0)).toThrow('concurrency must be a whole number of at least 1, got 0');
});

test('mapLimited keeps item order and the bound; after the first failure it starts nothing more and rejects with it', async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const work = async (i: number) => {
    started.push(i);
    running++;
    most = Math.max(most, running);
    await pause(2 + (i % 3));
    running--;
    if (i === 3) throw new Error('item 3 failed');
    return i * 10;
  };
  expect(await mapLimited([0, 1, 2], 2, work)).toEqual([0, 10, 20]);
  expect(most).toBe(2);

  started.length = 0;
  await expect(mapLimited([3, 4, 5, 6, 7, 8, 9], 1, work)).rejects.toThrow('item 3 failed');
  await pause(50);
  expect(started).toEqual([3]);
  await expect(mapLimited([1], 0, work)).rejects.toThrow('concurrency must be a whole number of at least 1, got 0');
});
