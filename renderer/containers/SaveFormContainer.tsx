import { useCallback } from 'react';
import { SaveForm } from '../components/SaveForm';
import { useDropToSave } from '../hooks/useDropToSave';
import { useSaveArticle } from '../hooks/useSaveArticle';
import { sourceFromFile } from '../read-file';

/** The ways in: an address typed, pasted or dropped on the window, pasted text, an opened file. */
export function SaveFormContainer() {
  const save = useSaveArticle();
  const saveUrl = useCallback((url: string) => void save({ kind: 'url', url }, url), [save]);
  useDropToSave(saveUrl);
  return (
    <SaveForm
      onSaveUrl={saveUrl}
      onSaveText={(text, title) => void save({ kind: 'text', text, title }, title ?? 'Pasted text')}
      onSaveFile={(file) => void sourceFromFile(file).then((source) => save(source, file.name))}
    />
  );
}
