import { useEffect, useRef } from 'react';

/** The tab's title follows the page: "Ann Lee · Roster console". */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title === 'Roster console' ? title : `${title} · Roster console`;
  }, [title]);
}

/**
 * The page's h1. After a navigation the link that was followed is gone and focus falls to the body: it then moves here,
 * so screen readers announce the new page and the keyboard starts from its top.
 */
export function PageHeading({ children, title }: { children: React.ReactNode; title: string }) {
  usePageTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
