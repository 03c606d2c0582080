/** Small line icons; each is decoration beside a word, so hidden from screen readers. */
const paths: Record<string, string> = {
  email: 'M3 5h18v14H3z M3 6l9 7 9-7',
  phone: 'M7 2h10v20H7z M11 18h2',
  username: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 21c1-4 4-6 8-6s7 2 8 6',
  social: 'M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1 M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1',
  more: 'M12 5h.01 M12 12h.01 M12 19h.01',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
};

export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'more' ? 3.5 : 2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
