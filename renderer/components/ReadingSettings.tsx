import { useId } from 'react';
import { CONTENT_WIDTHS, LINE_HEIGHTS, TEXT_SIZES } from '../../shared/text-size';
import type { Settings } from '../../shared/types';
import { TextSizeControl } from './TextSizeControl';

interface Props {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
}

const FONTS: { value: Settings['font']; label: string }[] = [
  { value: 'serif', label: 'Serif' },
  { value: 'sans', label: 'Sans-serif' },
  { value: 'legible', label: 'Atkinson Hyperlegible' },
];
const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'sepia', label: 'Sepia' },
  { value: 'dark', label: 'Dark' },
];
const WIDTH_NAMES: Record<number, string> = { 45: 'Narrow', 55: 'Medium narrow', 65: 'Medium', 75: 'Wide', 90: 'Widest' };

/**
 * The Aa popover's contents: text size, fonts shown in their own face, line width, line height and
 * theme swatches; each change applies at once and is remembered. Props only.
 */
export function ReadingSettings({ settings, onChange }: Props) {
  const id = useId();
  const sizeIndex = Math.max(0, TEXT_SIZES.indexOf(settings.textSize as (typeof TEXT_SIZES)[number]));
  return (
    <div className="reading-settings">
      <div className="setting-row">
        <span className="setting-name" id={`${id}-size-label`}>
          Text size
        </span>
        <TextSizeControl size={settings.textSize} onChange={(textSize) => onChange({ textSize })} />
      </div>
      <input
        type="range"
        aria-label="Text size"
        aria-valuetext={`${settings.textSize} pixels`}
        min={0}
        max={TEXT_SIZES.length - 1}
        step={1}
        value={sizeIndex}
        onChange={(e) => onChange({ textSize: TEXT_SIZES[Number(e.target.value)] })}
      />
      <fieldset className="font-choices">
        <legend className="setting-name">Font</legend>
        {FONTS.map((f) => (
          <label key={f.value} className={`choice font-choice font-${f.value}`}>
            <input type="radio" name={`${id}-font`} value={f.value} checked={settings.font === f.value} onChange={() => onChange({ font: f.value })} />
            <span>{f.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="setting-row">
        <label className="setting-name" htmlFor={`${id}-width`}>
          Line width
        </label>
        <select id={`${id}-width`} value={settings.contentWidth} onChange={(e) => onChange({ contentWidth: Number(e.target.value) })}>
          {CONTENT_WIDTHS.map((v) => (
            <option key={v} value={v}>
              {WIDTH_NAMES[v] ?? v} ({v} characters)
            </option>
          ))}
        </select>
      </div>
      <div className="setting-row">
        <label className="setting-name" htmlFor={`${id}-lh`}>
          Line height
        </label>
        <select id={`${id}-lh`} value={settings.lineHeight} onChange={(e) => onChange({ lineHeight: Number(e.target.value) })}>
          {LINE_HEIGHTS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="theme-choices">
        <legend className="setting-name">Theme</legend>
        {THEMES.map((t) => (
          <label key={t.value} className={`swatch swatch-${t.value}`} title={t.label}>
            <input type="radio" name={`${id}-theme`} value={t.value} checked={settings.theme === t.value} onChange={() => onChange({ theme: t.value })} aria-label={t.label} />
            <span className="swatch-face" aria-hidden="true">
              Aa
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
