import { errorText } from '../api/messages';

/** A failed load: what went wrong and "Try again", never a blank page. */
export function ErrorPanel({ error, onRetry, title = "This couldn't be loaded" }: { error: unknown; onRetry(): void; title?: string }) {
  return (
    <div className="notice error" role="alert">
      <p>
        <strong>{title}.</strong> {errorText(error)}
      </p>
      <button type="button" className="secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
