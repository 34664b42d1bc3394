import { forwardRef } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Enter: the results are wanted (the menu below 900 px closes to show them). */
  onSubmit?: () => void;
}

/** The library search field ("/" focuses it); results appear as you type. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ value, onChange, onSubmit }, ref) {
  return (
    <div className="search-box" role="search" aria-label="Search the library">
      <label htmlFor="search-articles" className="visually-hidden">
        Search articles
      </label>
      <input
        ref={ref}
        id="search-articles"
        type="search"
        placeholder="Search articles  /"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.stopPropagation();
            onChange('');
          } else if (e.key === 'Enter' && onSubmit) {
            // Without this, the Enter that closes the menu also presses the menu button that gets focus back.
            e.preventDefault();
            onSubmit();
          }
        }}
        autoComplete="off"
        spellCheck={false}
      />
    </div>
  );
});
