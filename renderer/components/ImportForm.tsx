import { type FormEvent, useState } from 'react';
import { FORMAT_NAMES, IMPORT_FORMATS } from '../../shared/transfer';

export interface ImportChoice {
  file: File;
  /** A format name (`pocket-csv`…), or undefined to let the library tell it from the content. */
  format: string | undefined;
  download: boolean;
  wayback: boolean;
}

interface Props {
  /** The file being sent, while the library lists its entries. */
  sending: string | null;
  error: string | null;
  onImport: (choice: ImportChoice) => void;
}

/**
 * Choosing a file to import: the file, its format (found from the content unless chosen), whether
 * to download the pages now, and whether a dead page may come from the Wayback Machine. Props only.
 */
export function ImportForm({ sending, error, onImport }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [download, setDownload] = useState(true);
  const [wayback, setWayback] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) onImport({ file, format: format || undefined, download, wayback });
  }

  return (
    <form className="import-form" aria-label="Import a file" onSubmit={submit}>
      <div className="transfer-field">
        <label htmlFor="import-file">Export file from another app</label>
        <input id="import-file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className="transfer-field">
        <label htmlFor="import-format">File format</label>
        <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value)}>
          <option value="">Find out from the file</option>
          {IMPORT_FORMATS.map((name) => (
            <option key={name} value={name}>
              {FORMAT_NAMES[name]}
            </option>
          ))}
        </select>
      </div>
      <label className="transfer-check">
        <input type="checkbox" checked={download} onChange={(e) => setDownload(e.target.checked)} />
        Download pages now
      </label>
      <label className="transfer-check">
        <input type="checkbox" checked={wayback} onChange={(e) => setWayback(e.target.checked)} />
        Use the Wayback Machine for dead pages
      </label>
      <div>
        <button type="submit" className="primary" disabled={!file || sending !== null}>
          {sending ? `Importing ${sending}…` : 'Import'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
