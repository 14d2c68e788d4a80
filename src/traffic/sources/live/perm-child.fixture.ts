/**
 * Follows one file and prints each notice and line as a JSON line on standard output, for the
 * unreadable-file test. Runs as an unprivileged user even when the tests run as root, since root
 * reads a file of mode 000.
 */
import { FileFollower } from './file-follower.js';

const [path] = process.argv.slice(2) as [string];
const say = (record: object) => process.stdout.write(JSON.stringify(record) + '\n');
const follower = new FileFollower({
  name: 'perm',
  paths: [path],
  startAt: 'beginning',
  pollMs: 30,
  useWatch: false,
  onNotice: (n) => say({ notice: n.kind, vars: n.vars }),
});
await follower.start(async (batch) => {
  for (const line of batch.lines) say({ line: line.text });
});
