import { forwardRef } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
}

/** The library search field ("/" focuses it); results appear as you type. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ value, onChange }, ref) {
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
          }
        }}
        autoComplete="off"
        spellCheck={false}
      />
    </div>
  );
});
