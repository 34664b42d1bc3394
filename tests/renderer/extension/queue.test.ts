import { describe, expect, it } from 'vitest';
import type { SaveAnswer, SaveRequest } from '../../../shared/extension-protocol';
import { ChannelError } from '../../../renderer/extension/channel';
import { SaveQueue, type Store } from '../../../renderer/extension/queue';

function memoryStore(): Store & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    set: async (key, value) => void data.set(key, structuredClone(value)),
  };
}

const link = (url: string): SaveRequest => ({ kind: 'link', url });
const answer = (id: string): SaveAnswer => ({ id, title: id, warnings: [], duplicate: false, report: [] });

describe('renderer/extension/queue', () => {
  it('keeps saves while Offprint is not running, and delivers them oldest first when it is', async () => {
    const store = memoryStore();
    let running = false;
    const sent: string[] = [];
    const queue = new SaveQueue(store, async (request) => {
      if (!running) throw new ChannelError('unreachable', 'Offprint is not running.');
      sent.push(request.url);
      return answer(request.url);
    });
    expect(await queue.add(link('https://a.example/1'))).toBe(1);
    expect(await queue.add(link('https://a.example/2'))).toBe(2);
    expect(await queue.deliver()).toEqual({ delivered: [], refused: [], waiting: 2, reason: 'Offprint is not running.' });
    expect(sent).toEqual([]);
    running = true;
    const delivered = await queue.deliver();
    expect(delivered.delivered.map((d) => d.answer.id)).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(delivered.waiting).toBe(0);
    expect(await queue.list()).toEqual([]);
  });

  it('waits while the extension is not paired, and drops (and says) a save Offprint refuses for itself', async () => {
    const store = memoryStore();
    let paired = false;
    const queue = new SaveQueue(store, async (request) => {
      if (!paired) throw new ChannelError('not-paired', 'This extension is not paired with Offprint.');
      if (request.url.includes('huge')) throw new ChannelError('too-large', 'The page is larger than 15 MB.');
      return answer(request.url);
    });
    await queue.add(link('https://a.example/huge'));
    await queue.add(link('https://a.example/fine'));
    expect((await queue.deliver()).waiting).toBe(2);
    paired = true;
    const result = await queue.deliver();
    expect(result.refused).toEqual([{ label: 'https://a.example/huge', message: 'The page is larger than 15 MB.' }]);
    expect(result.delivered.map((d) => d.label)).toEqual(['https://a.example/fine']);
    expect(result.waiting).toBe(0);
  });

  it('never delivers one save twice when deliveries are asked for at once', async () => {
    const store = memoryStore();
    const sent: string[] = [];
    const queue = new SaveQueue(store, async (request) => {
      sent.push(request.url);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answer(request.url);
    });
    await queue.add(link('https://a.example/1'));
    await queue.add(link('https://a.example/2'));
    await Promise.all([queue.deliver(), queue.deliver(), queue.deliver()]);
    expect(sent).toEqual(['https://a.example/1', 'https://a.example/2']);
  });
});
