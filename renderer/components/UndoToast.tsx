interface Props {
  message: string;
  onUndo: () => void;
}

/** "Deleted … — Undo", shown while a deletion can still be taken back. */
export function UndoToast({ message, onUndo }: Props) {
  return (
    <div className="toast" role="status">
      <span>{message}</span>
      <button type="button" onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
