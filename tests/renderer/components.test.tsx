import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ArticleBody } from '../../renderer/components/ArticleBody';
import { BookmarkButton } from '../../renderer/components/BookmarkButton';
import { SaveForm } from '../../renderer/components/SaveForm';
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
  it('shows the error message of a failed save as it is', async () => {
    const onSave = vi.fn().mockRejectedValue(new Error('That address returned application/pdf, not a web page.'));
    render(<SaveForm onSave={onSave} />);
    fireEvent.change(screen.getByLabelText('Article address'), { target: { value: 'https://example.com/a.pdf' } });
    fireEvent.submit(screen.getByRole('search'));
    expect((await screen.findByRole('alert')).textContent).toBe('That address returned application/pdf, not a web page.');
    expect(onSave).toHaveBeenCalledWith('https://example.com/a.pdf');
  });
});
