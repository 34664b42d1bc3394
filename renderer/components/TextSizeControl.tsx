import { DEFAULT_TEXT_SIZE, MAX_TEXT_SIZE, MIN_TEXT_SIZE, decreaseTextSize, increaseTextSize } from '../../shared/text-size';

interface Props {
  size: number;
  onChange: (size: number) => void;
}

/** The article's text size: smaller, reset, larger. Changes only the article, never the app's chrome. */
export function TextSizeControl({ size, onChange }: Props) {
  return (
    <div className="text-size" role="group" aria-label="Text size">
      <button type="button" aria-label="Decrease text size" title="Decrease text size" disabled={size <= MIN_TEXT_SIZE} onClick={() => onChange(decreaseTextSize(size))}>
        <span aria-hidden="true" className="small-a">A</span>
      </button>
      <button type="button" className="size-value" aria-label="Reset text size" title="Reset text size" disabled={size === DEFAULT_TEXT_SIZE} onClick={() => onChange(DEFAULT_TEXT_SIZE)}>
        <span aria-hidden="true">{size} px</span>
      </button>
      <button type="button" aria-label="Increase text size" title="Increase text size" disabled={size >= MAX_TEXT_SIZE} onClick={() => onChange(increaseTextSize(size))}>
        <span aria-hidden="true" className="large-a">A</span>
      </button>
    </div>
  );
}
