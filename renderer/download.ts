/** Offers text as a file to save (the browser's download; the desktop shell asks where). */
export function downloadText(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // After the download has had time to start: revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks for one file (the system's file chooser), then gives its text; nothing when none was chosen. */
export function chooseTextFile(accept: string, onText: (text: string, name: string) => void): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void file.text().then((text) => onText(text, file.name));
  });
  input.click();
}
