import { HIGHLIGHT_COLORS, type HighlightColor } from '../../shared/annotations';

export const COLOR_NAMES: Record<HighlightColor, string> = { yellow: 'Yellow', green: 'Green', blue: 'Blue', pink: 'Pink' };

interface Props {
  /** Where the selection is, relative to the reader's column. */
  top: number;
  left: number;
  onHighlight: (color: HighlightColor) => void;
  onNote: () => void;
}

/**
 * What can be done with text selected in the article: highlight it in one of four colours, or
 * highlight it with a note. Its buttons keep the selection (mousedown does not take it away);
 * from the keyboard, `h` highlights in yellow and opens the highlight's card. Props only.
 */
export function SelectionToolbar({ top, left, onHighlight, onNote }: Props) {
  return (
    <div className="selection-toolbar" role="toolbar" aria-label="Selected text" style={{ top, left }} onMouseDown={(e) => e.preventDefault()}>
      <span className="selection-toolbar-label" aria-hidden="true">
        Highlight
      </span>
      {HIGHLIGHT_COLORS.map((color) => (
        <button key={color} type="button" className={`swatch hl-${color}`} aria-label={`Highlight in ${COLOR_NAMES[color].toLowerCase()}`} title={`Highlight (${COLOR_NAMES[color].toLowerCase()})`} onClick={() => onHighlight(color)} />
      ))}
      <button type="button" className="small" onClick={onNote}>
        Add note
      </button>
    </div>
  );
}
