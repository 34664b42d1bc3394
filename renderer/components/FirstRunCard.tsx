interface Props {
  onAddAddress: () => void;
  onPasteText: () => void;
  onOpenFile: (file: File) => void;
}

/** What an empty library shows: the ways in, each one a click away. Props only. */
export function FirstRunCard({ onAddAddress, onPasteText, onOpenFile }: Props) {
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Save your first article</h2>
      <p>Offprint keeps a complete copy of each article on this computer, images included, to read with the network off.</p>
      <ul className="ways-in">
        <li>
          <button type="button" className="primary" onClick={onAddAddress}>
            Add an address
          </button>
          <span>or paste an address anywhere on this window, or drop a link onto it</span>
        </li>
        <li>
          <button type="button" onClick={onPasteText}>
            Paste text
          </button>
          <span>copied from a page, an e-mail or a PDF</span>
        </li>
        <li>
          <label className="file-button">
            Open a file
            <input
              type="file"
              accept=".html,.htm,.xhtml,.txt,text/html,text/plain"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) onOpenFile(file);
              }}
            />
          </label>
          <span>a page saved with “Save Page As”, or a .txt file</span>
        </li>
      </ul>
      <p className="first-run-keys">
        Press <kbd>?</kbd> for the keyboard shortcuts.
      </p>
    </section>
  );
}
