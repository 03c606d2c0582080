import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

interface Status {
  message: string;
  tone: 'info' | 'warning';
  /** A new object for each announcement, so the same words twice are announced twice. */
  key: number;
}

type Announce = (message: string, tone?: Status['tone']) => void;

const AnnounceContext = createContext<Announce>(() => {});

/** Short status messages after each change: shown, and read out by screen readers through one polite live region. */
export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(null);
  const counter = useRef(0);
  const announce = useCallback<Announce>((message, tone = 'info') => setStatus({ message, tone, key: ++counter.current }), []);

  useEffect(() => {
    // Warnings stay until dismissed; other messages fade after a while.
    if (!status || status.tone === 'warning') return;
    const timer = setTimeout(() => setStatus(null), 8000);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {status && (
          <div className={`toast ${status.tone}`} key={status.key}>
            <p>{status.message}</p>
            {status.tone === 'warning' && (
              <button type="button" onClick={() => setStatus(null)}>
                Dismiss
              </button>
            )}
          </div>
        )}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);
