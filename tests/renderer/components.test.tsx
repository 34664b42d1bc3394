import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ArticleBody } from '../../renderer/components/ArticleBody';
import { BookmarkButton } from '../../renderer/components/BookmarkButton';
import { ImagesNotice } from '../../renderer/components/ImagesNotice';
import { RepairNotices } from '../../renderer/components/RepairNotices';
import { SaveForm } from '../../renderer/components/SaveForm';
import { SaveQueue } from '../../renderer/components/SaveQueue';
import { TextSizeControl } from '../../renderer/components/TextSizeControl';

describe('renderer/components/TextSizeControl', () => {
  it('offers the next step up and down, and the reset', () => {
    const onChange = vi.fn();
    render(<TextSizeControl size={18} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Increase text size' }));
    fireEvent.click(screen.getByRole('button', { name: 'Decrease text size' }));
    expect(onChange.mock.calls).toEqual([[20], [16]]);
    expect((screen.getByRole('button', { name: 'Reset text size' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('cannot go past the ends', () => {
    const { rerender } = render(<TextSizeControl size={72} onChange={() => undefined} />);
    expect((screen.getByRole('button', { name: 'Increase text size' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<TextSizeControl size={12} onChange={() => undefined} />);
    expect((screen.getByRole('button', { name: 'Decrease text size' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('renderer/components/BookmarkButton', () => {
  it('names the action and exposes the state', () => {
    const onToggle = vi.fn();
    const { rerender } = render(<BookmarkButton bookmarked={false} onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Bookmark' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(onToggle).toHaveBeenCalledOnce();
    rerender(<BookmarkButton bookmarked onToggle={onToggle} />);
    expect(screen.getByRole('button', { name: 'Remove bookmark' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('renderer/components/ArticleBody', () => {
  it('renders the body at the given size and drops anything executable', () => {
    const { container } = render(
      <ArticleBody html={'<p>Text</p><img src="x" onerror="window.__x=1"><script>window.__y=1</script>'} lang="en" dir={null} textSize={24} />,
    );
    const body = container.querySelector('.article-body') as HTMLElement;
    expect(body.style.fontSize).toBe('24px');
    expect(body.innerHTML).not.toMatch(/onerror|<script/);
    expect(body.textContent).toBe('Text');
  });
});

describe('renderer/components/SaveForm', () => {
  it('hands the address on, and explains an empty one', () => {
    const onSaveUrl = vi.fn();
    render(<SaveForm onSaveUrl={onSaveUrl} onSaveText={vi.fn()} onSaveFile={vi.fn()} />);
    fireEvent.submit(screen.getByRole('form', { name: 'Save an article' }));
    expect(screen.getByRole('alert').textContent).toBe('Type or paste a web address to save.');
    fireEvent.change(screen.getByLabelText('Article address'), { target: { value: ' https://example.com/a ' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Save an article' }));
    expect(onSaveUrl).toHaveBeenCalledWith('https://example.com/a');
    expect((screen.getByLabelText('Article address') as HTMLInputElement).value).toBe('');
  });

  it('saves pasted text with an optional title', () => {
    const onSaveText = vi.fn();
    render(<SaveForm onSaveUrl={vi.fn()} onSaveText={onSaveText} onSaveFile={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Paste text' }));
    fireEvent.change(screen.getByLabelText('Article text'), { target: { value: 'Some pasted article' } });
    fireEvent.change(screen.getByLabelText('Title (optional)'), { target: { value: 'My title' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save text' }));
    expect(onSaveText).toHaveBeenCalledWith('Some pasted article', 'My title');
  });
});

describe('renderer/components/SaveQueue', () => {
  it('shows each save’s stage, and a failure as its message', () => {
    render(
      <SaveQueue
        onDismiss={vi.fn()}
        jobs={[
          { requestId: 'a', label: 'https://a.example/', stage: 'images', done: 7, total: 12 },
          { requestId: 'b', label: 'https://b.example/', stage: 'failed', error: 'That address returned application/pdf, not a web page.' },
        ]}
      />,
    );
    expect(screen.getByText('Images 7/12')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('That address returned application/pdf, not a web page.');
  });
});

describe('renderer/components/ImagesNotice', () => {
  it('says how many images are offline and retries', async () => {
    const onRetry = vi.fn().mockResolvedValue(undefined);
    const { rerender, container } = render(<ImagesNotice images={{ total: 5, saved: 3, failed: [] }} onRetry={onRetry} />);
    expect(container.textContent).toContain('3 of 5 images saved offline');
    fireEvent.click(screen.getByRole('button', { name: 'Retry missing images' }));
    expect(onRetry).toHaveBeenCalledOnce();
    rerender(<ImagesNotice images={{ total: 5, saved: 5, failed: [] }} onRetry={onRetry} />);
    expect(container.textContent).toBe('');
  });
});

describe('renderer/components/ArticleBody links', () => {
  /** A body planted by hand (not through capture), with every kind of link-like element. */
  const planted = `<p><a id="web" href="https://example.com/story">web</a> <a id="local" href="/assets/x/note.html">note</a>
    <a id="route" href="#/settings">route</a> <a id="place" href="#notes">place</a> <span id="notes">Notes</span>
    <span id="any" href="/assets/x/note.html">span with href</span></p>
    <figure><img src="/assets/x/0123456789abcdef0123456789abcdef.png" usemap="#m" alt="figure">
    <map name="m"><area id="area" shape="#" coords="#0,0,4000,4000" href="/assets/x/note.html" alt="note"></map></figure>
    <svg><a id="svg" href="/assets/x/note.html"><text>svg link</text></a><a id="xlink" xlink:href="/assets/x/note.html"><text>xlink</text></a></svg>`;

  function renderPlanted() {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    // jsdom lays nothing out, so it has no scrollIntoView.
    Element.prototype.scrollIntoView ??= () => undefined;
    const { container } = render(<ArticleBody html={planted} lang="en" dir={null} textSize={18} />);
    const body = container.querySelector('.article-body')!;
    return { open, body, el: (id: string) => body.querySelector(`#${id}, #user-content-${id}`) };
  }

  it('removes image maps in its own sanitising pass', () => {
    const { body } = renderPlanted();
    expect(body.innerHTML).not.toMatch(/<map|<area|usemap/i);
  });

  it('never lets a click, a modified click or a middle click on any link-like element navigate the reader', () => {
    const { open, el } = renderPlanted();
    for (const id of ['web', 'local', 'route', 'place', 'any', 'svg', 'xlink']) {
      const target = el(id);
      expect(target, id).not.toBeNull();
      // fireEvent returns false when the default action (the navigation) was prevented.
      expect(fireEvent.click(target!), `click ${id}`).toBe(false);
      expect(fireEvent.click(target!, { ctrlKey: true, shiftKey: true }), `modified click ${id}`).toBe(false);
      expect(fireEvent(target!, new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 })), `middle click ${id}`).toBe(false);
    }
    // Only the web link opens, outside the app, once per click (never for the middle click).
    expect(open.mock.calls).toEqual([
      ['https://example.com/story', '_blank', 'noopener,noreferrer'],
      ['https://example.com/story', '_blank', 'noopener,noreferrer'],
    ]);
    expect(window.location.hash).toBe('');
    open.mockRestore();
  });

  it('scrolls to a place in the article instead of changing the app route', () => {
    const { open, el } = renderPlanted();
    const scrolled = vi.fn();
    (el('notes') as HTMLElement).scrollIntoView = scrolled;
    fireEvent.click(el('place')!);
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe('');
    open.mockRestore();
  });
});

describe('renderer/components/ArticleBody missing images', () => {
  it('shows an image that is not stored as its alt text, not a broken icon', () => {
    const { container } = render(<ArticleBody html={'<figure><img alt="A photo" data-offprint-src="https://x/y.jpg"><figcaption>Cap</figcaption></figure>'} lang={null} dir={null} textSize={18} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.missing-image')?.textContent).toBe('A photo');
    expect(container.querySelector('figcaption')?.textContent).toBe('Cap');
  });
});

describe('renderer/components/RepairNotices', () => {
  const notice = {
    id: '2026-11-27T10-00-00-000Z-abc123',
    createdAt: '2026-11-27T10:00:00.000Z',
    lines: ['state.json was damaged (it is empty); restored from the backup of 2026-11-27 04:00 UTC.', 'Settings changed since 2026-11-27 04:00 UTC are lost.'],
    keptIn: '/home/reader/.config/Offprint/library/recovered/2026-11-27T10-00-00-000Z-abc123',
  };

  it('says what was repaired, what was lost and where the damaged files are, and dismisses by id', () => {
    const onDismiss = vi.fn();
    render(<RepairNotices notices={[notice]} error={null} onDismiss={onDismiss} />);
    const alert = screen.getByRole('alert');
    expect(screen.getByRole('heading', { name: 'Offprint repaired your library' })).toBeTruthy();
    expect([...alert.querySelectorAll('li')].map((li) => li.textContent)).toEqual(notice.lines);
    expect(alert.textContent).toContain(notice.keptIn);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledWith(notice.id);
  });

  it('shows nothing when there is nothing to tell', () => {
    const { container } = render(<RepairNotices notices={[]} error={null} onDismiss={() => undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
