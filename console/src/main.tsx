import './styles/tokens.css';
import './styles/app.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { App } from './app';
import { canSignIn } from './auth/pkce';
import { completeSignIn, redirectToSignIn } from './auth/session';
import { BASE } from './base';

// The dialogs' scroll lock adds a <style> element; it carries the nonce this response's CSP allows.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
if (nonce) setNonce(nonce);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Only failures that may pass are retried: the network and the server, not a refusal.
      retry: (failures, error) => error instanceof ApiError && (error.status === 0 || error.status >= 500) && failures < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

if (location.pathname === `${BASE}/callback`) {
  const next = await completeSignIn(new URLSearchParams(location.search));
  history.replaceState(null, '', next);
} else if (canSignIn()) {
  // A new page has no tokens: ask Roster, without a prompt, whether this browser is signed in.
  await redirectToSignIn({ silent: true, returnTo: location.pathname + location.search });
}
