import type { ExtensionBrowser } from '../../shared/extension-protocol';

/**
 * The extension's manifest (Manifest V3), one definition for both browsers: the build writes it
 * as manifest.json beside each build (out/extension/chromium, out/extension/firefox).
 *
 * Permissions, each for a reason: `activeTab` and `scripting` to read the page the reader asks to
 * save; `contextMenus` for "Save … to Offprint"; `storage` and `unlimitedStorage` to hold saves
 * while Offprint is not running (a page with its images can pass the 10 MB default); `alarms` to
 * try those again; host access to every page so the page's images are fetched with the browser's
 * own session (images behind a login come too), and to 127.0.0.1, where Offprint listens.
 */
export function extensionManifest(browser: ExtensionBrowser, version: string): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: 'Save to Offprint',
    short_name: 'Offprint',
    version,
    description: 'Saves the page as you see it (logged in, after its scripts ran) into your Offprint library, on this computer.',
    permissions: ['activeTab', 'scripting', 'contextMenus', 'storage', 'unlimitedStorage', 'alarms'],
    host_permissions: ['<all_urls>'],
    action: { default_title: 'Save to Offprint', default_popup: 'popup.html' },
    options_ui: { page: 'options.html', open_in_tab: true },
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+S' }, description: 'Save this page to Offprint' } },
    // The extension's own pages load only its own scripts, and reach nothing but pages' images and Offprint.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" },
  };
  if (browser === 'chromium') return { ...common, minimum_chrome_version: '120', background: { service_worker: 'background.js', type: 'module' } };
  return {
    ...common,
    // Firefox runs MV3 backgrounds as event pages.
    background: { scripts: ['background.js'], type: 'module' },
    browser_specific_settings: { gecko: { id: 'save@offprint.app', strict_min_version: '128.0' } },
  };
}
