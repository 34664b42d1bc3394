import { describe, expect, it } from 'vitest';
import { initialSettings, settingsReducer } from '../../../renderer/store/settings';
import type { Settings } from '../../../shared/types';

const base: Settings = { textSize: 18, lineHeight: 1.6, contentWidth: 65, font: 'serif', theme: 'system', sort: 'newest' };
const loaded = settingsReducer(initialSettings, { type: 'settings/loaded', settings: base });

describe('renderer/store/settings', () => {
  it('applies a change at once, and quick changes build on each other while their echoes are left aside', () => {
    let state = settingsReducer(loaded, { type: 'settings/edited', patch: { textSize: 20 } });
    state = settingsReducer(state, { type: 'settings/edited', patch: { textSize: 22 } });
    // The event for the first change arrives while the second is on its way: it does not undo it.
    state = settingsReducer(state, { type: 'settings/changed', settings: { ...base, textSize: 20 } });
    expect(state.value!.textSize).toBe(22);
    state = settingsReducer(state, { type: 'settings/saved', settings: { ...base, textSize: 20 } });
    state = settingsReducer(state, { type: 'settings/saved', settings: { ...base, textSize: 22 } });
    expect(state).toMatchObject({ pending: 0, value: { textSize: 22 } });
  });

  it('takes a change made elsewhere when none of its own is on the way', () => {
    const dark = settingsReducer(loaded, { type: 'settings/changed', settings: { ...base, theme: 'dark' } });
    expect(dark.value!.theme).toBe('dark');
    expect(settingsReducer(dark, { type: 'settings/changed', settings: { ...base, theme: 'dark' } })).toBe(dark);
  });

  it('a failed save is told, and the next change elsewhere is taken again', () => {
    let state = settingsReducer(loaded, { type: 'settings/edited', patch: { font: 'sans' } });
    state = settingsReducer(state, { type: 'settings/failed', message: 'The settings could not be saved' });
    expect(state).toMatchObject({ pending: 0, error: 'The settings could not be saved' });
    expect(settingsReducer(state, { type: 'settings/changed', settings: base }).value).toEqual(base);
  });
});
