/** A thin bar at the top of the reader: how far through the article the reader is. */
export function ReadingProgressBar({ value }: { value: number }) {
  return (
    <div className="progress-track" role="progressbar" aria-label="Reading progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
      <div className="progress-fill" style={{ transform: `scaleX(${value / 100})` }} />
    </div>
  );
}
