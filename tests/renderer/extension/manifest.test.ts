import { describe, expect, it } from 'vitest';
import { extensionManifest } from '../../../renderer/extension/manifest';

describe('renderer/extension/manifest', () => {
  it('is Manifest V3 for both browsers: a service worker for Chromium, an event page and an id for Firefox', () => {
    const chromium = extensionManifest('chromium', '1.2.3');
    const firefox = extensionManifest('firefox', '1.2.3');
    for (const m of [chromium, firefox]) {
      expect(m).toMatchObject({ manifest_version: 3, version: '1.2.3', action: { default_popup: 'popup.html' }, options_ui: { page: 'options.html' } });
      expect(m.permissions).toEqual(expect.arrayContaining(['scripting', 'storage', 'contextMenus']));
      // The extension's own pages run only its own scripts.
      expect((m.content_security_policy as { extension_pages: string }).extension_pages).toMatch(/script-src 'self';/);
    }
    expect(chromium.background).toEqual({ service_worker: 'background.js', type: 'module' });
    expect(firefox.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(firefox).toMatchObject({ browser_specific_settings: { gecko: { id: expect.stringMatching(/@/) } } });
    expect(chromium).not.toHaveProperty('browser_specific_settings');
  });
});
