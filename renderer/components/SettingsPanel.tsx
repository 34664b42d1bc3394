import { useId } from 'react';
import { CONTENT_WIDTHS, LINE_HEIGHTS, TEXT_SIZES } from '../../shared/text-size';
import type { Settings } from '../../shared/types';

interface Props {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  onClose: () => void;
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

/** Every reading choice in one place; each change applies at once and is remembered. */
export function SettingsPanel({ settings, onChange, onClose }: Props) {
  const id = useId();
  const sizeIndex = Math.max(0, TEXT_SIZES.indexOf(settings.textSize as (typeof TEXT_SIZES)[number]));
  return (
    <section className="settings-panel" aria-labelledby={`${id}-title`}>
      <div className="settings-head">
        <h2 id={`${id}-title`}>Reading settings</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <label htmlFor={`${id}-size`}>
        Text size <span aria-hidden="true">{settings.textSize}px</span>
      </label>
      <input
        id={`${id}-size`}
        type="range"
        aria-label="Text size"
        aria-valuetext={`${settings.textSize} pixels`}
        min={0}
        max={TEXT_SIZES.length - 1}
        step={1}
        value={sizeIndex}
        onChange={(e) => onChange({ textSize: TEXT_SIZES[Number(e.target.value)] })}
      />
      <label htmlFor={`${id}-lh`}>Line height</label>
      <select id={`${id}-lh`} value={settings.lineHeight} onChange={(e) => onChange({ lineHeight: Number(e.target.value) })}>
        {LINE_HEIGHTS.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-width`}>Line width</label>
      <select id={`${id}-width`} value={settings.contentWidth} onChange={(e) => onChange({ contentWidth: Number(e.target.value) })}>
        {CONTENT_WIDTHS.map((v) => (
          <option key={v} value={v}>
            {v} characters
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Font</legend>
        {FONTS.map((f) => (
          <label key={f.value} className="choice">
            <input type="radio" name={`${id}-font`} value={f.value} checked={settings.font === f.value} onChange={() => onChange({ font: f.value })} />
            {f.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label key={t.value} className="choice">
            <input type="radio" name={`${id}-theme`} value={t.value} checked={settings.theme === t.value} onChange={() => onChange({ theme: t.value })} />
            {t.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
