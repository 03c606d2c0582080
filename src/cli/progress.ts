/** One line on a terminal, rewritten in place at most ten times a second. */
export function progressLine(stream: NodeJS.WriteStream): { show(text: string): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    show(text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r${text.slice(0, (stream.columns || 120) - 1).padEnd(Math.min(stream.columns || 120, 120) - 1)}`);
    },
    done() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
