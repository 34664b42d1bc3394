import { describe, expect, it } from 'vitest';
import { finalizeArticle } from '../../../electron/capture/finalize';

describe('electron/capture/finalize', () => {
  it('keeps an article wrapped in a customized built-in element (<div is="…">), which the sanitiser alone removes with its text', () => {
    const html =
      '<main><article><div is="flynt-block-wysiwyg" id="body" data-x="1"><p>The annual meeting takes place online in February.</p>' +
      '<section is="x-note"><p>Second block.</p></section></div></article></main>';
    const { bodyHtml, bodyText } = finalizeArticle(html, 'a1', []);
    expect(bodyText).toContain('The annual meeting takes place online in February.');
    expect(bodyText).toContain('Second block.');
    expect(bodyHtml).not.toContain(' is=');
    // Still sanitised like any other element: its id is namespaced, data attributes go.
    expect(bodyHtml).toContain('id="user-content-body"');
    expect(bodyHtml).not.toContain('data-x');
  });

  it('still removes what runs from inside such an element', () => {
    const { bodyHtml } = finalizeArticle('<div is="x-y" onclick="alert(1)"><p>Text</p><script>alert(2)</script><img src="x" onerror="alert(3)"></div>', 'a1', []);
    expect(bodyHtml).toContain('<p>Text</p>');
    expect(bodyHtml).not.toMatch(/onclick|onerror|script|alert/);
  });
});
