// Where the time went in a `--cpu-prof` profile (written by `BENCH_PROFILE=1 npm run bench`):
//   node bench/profile-summary.js bench/results/profiles/app-postgres.cpuprofile [top=25]
// Prints the functions with the most self time, and the share of time by package (node_modules/<name>, dist/<dir>).
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/profile-summary.js FILE.cpuprofile [top]');
const profile = JSON.parse(readFileSync(file, 'utf8'));

const selfTime = new Map(profile.nodes.map((node) => [node.id, 0]));
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) selfTime.set(profile.samples[i], selfTime.get(profile.samples[i]) + (deltas[i] ?? 0));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const where = ({ url, lineNumber }) => {
  const path = url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
  return path ? `${path}:${lineNumber + 1}` : '(native)';
};
const area = ({ url, functionName }) => {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const m = /(node_modules\/(?:@[^/]+\/)?[^/]+|dist\/[^/]+)\//.exec(url);
  return m ? m[1] : url.startsWith('node:') ? 'node:internal' : url;
};

const byFunction = new Map();
const byArea = new Map();
for (const node of profile.nodes) {
  const time = selfTime.get(node.id);
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${where(node.callFrame)}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  byArea.set(area(node.callFrame), (byArea.get(area(node.callFrame)) ?? 0) + time);
}
const show = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nself time by area:\n${show(byArea, 15)}\n\nself time by function:\n${show(byFunction, Number(top))}`,
);
