import { describe, expect, it } from 'vitest';
import { connectEvents } from '../../../renderer/store/events';
import { createStore } from '../../../renderer/store/store';
import { API_EVENTS, type ApiEvent, type Subscribe } from '../../../shared/api';
import type { Action } from '../../../renderer/store/actions';
import { appReducer, initialState } from '../../../renderer/store/state';
import { summary } from './helpers';

/** A stand-in for the client's on(): records the listeners so the test can play the library's part. */
function fakeEvents() {
  const listeners = new Map<ApiEvent, (payload: unknown) => void>();
  const on: Subscribe = (event, listener) => {
    listeners.set(event, listener as (payload: unknown) => void);
    return () => void listeners.delete(event);
  };
  return { on, listeners, emit: (event: ApiEvent, payload: unknown) => listeners.get(event)!(payload) };
}

describe('renderer/store/events', () => {
  it('listens to every event of the contract and turns each into its action', () => {
    const events = fakeEvents();
    const seen: Action[] = [];
    const stop = connectEvents(events.on, (action) => seen.push(action));
    expect([...events.listeners.keys()].sort()).toEqual([...API_EVENTS].sort());
    const settings = { ...{ textSize: 20, lineHeight: 1.6, contentWidth: 65, font: 'serif', theme: 'dark', sort: 'newest' } };
    events.emit('settingsChanged', settings);
    events.emit('noticesChanged', { notices: [] });
    events.emit('saveProgress', { requestId: 'r', stage: 'fetching', label: 'x' });
    events.emit('libraryChanged', { added: ['n'], updated: [], removed: [] });
    expect(seen.map((a) => a.type)).toEqual(['settings/changed', 'notices/loaded', 'saves/progressed', 'library/changed']);
    stop();
    expect(events.listeners.size).toBe(0);
  });

  it('an event reaches the state through the store, and a store tells its listeners only of real changes', () => {
    const events = fakeEvents();
    const store = createStore(appReducer, initialState);
    let told = 0;
    store.subscribe(() => told++);
    connectEvents(events.on, store.dispatch);
    const a = summary('a', 1);
    events.emit('libraryChanged', { added: [], updated: [a], removed: [] });
    expect(store.getState().articles.byId.a).toEqual(a);
    events.emit('libraryChanged', { added: [], updated: [a], removed: [] });
    expect(told).toBe(1);
  });
});
