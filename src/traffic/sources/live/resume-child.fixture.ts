/**
 * A process that follows one log and records what it read, for the kill -9 test
 * (file-follower-resume.test.ts). It is the smallest honest model of `vigie watch` with a store.
 *
 * Why no line is ever recorded twice although delivery is at-least-once:
 * - Each batch's results are appended to the output file in one write, then fsynced; only then is
 *   the checkpoint committed. A kill before the fsync loses the batch and the checkpoint still points
 *   before it: the lines are read again. A kill between the fsync and the commit keeps the results
 *   but not the checkpoint: the lines are read again too, and here is the duplicate risk.
 * - So the results themselves say how far each file got: on start, the child reads its output and
 *   keeps, per file generation (device:inode:generation; a truncation starts a new generation
 *   whose offsets restart at 0), the highest `end` recorded. A replayed line whose
 *   offset is below that end was already recorded and is skipped. The output is the truth; the
 *   checkpoint only saves rereading.
 * - A kill in the middle of the append can leave a partial last record: it is cut off on start (its
 *   batch was not fsynced, so the checkpoint cannot be past it).
 *
 * Arguments: log path, output path, checkpoint path, pause marker path. When the pause marker's
 * directory holds a file named "pause-after-append", the child stops after appending one batch and
 * before committing, writes the marker, and waits to be killed: the test then knows it killed it
 * inside the window that would duplicate.
 */
import { existsSync, openSync, closeSync, fsyncSync, readFileSync, truncateSync, writeFileSync, writeSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileCheckpoints } from './checkpoint.js';
import { FileFollower } from './file-follower.js';

interface Result {
  k: string;
  o: number;
  e: number;
  t: string;
}

const [logPath, outPath, checkpointPath, markerPath] = process.argv.slice(2) as [string, string, string, string];

function recordedEnds(): Map<string, number> {
  const ends = new Map<string, number>();
  if (!existsSync(outPath)) return ends;
  const text = readFileSync(outPath, 'utf8');
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < Buffer.byteLength(text)) truncateSync(outPath, Buffer.byteLength(text.slice(0, complete)));
  for (const line of text.slice(0, complete).split('\n')) {
    if (line === '') continue;
    const result = JSON.parse(line) as Result;
    ends.set(result.k, Math.max(ends.get(result.k) ?? 0, result.e));
  }
  return ends;
}

const ends = recordedEnds();
const checkpoints = new FileCheckpoints(checkpointPath);
const out = openSync(outPath, 'a');
const pauseRequest = join(dirname(markerPath), 'pause-after-append');

const follower = new FileFollower({
  name: 'resume-test',
  paths: [logPath],
  checkpoints,
  commit: 'manual',
  startAt: 'beginning',
  pollMs: 20,
  maxBatchLines: 25,
  useWatch: false,
});

await follower.start(async (batch) => {
  const position = batch.position!;
  const key = `${position.dev}:${position.ino}:${position.generation}`;
  const done = ends.get(key) ?? 0;
  const fresh = batch.lines.filter((line) => (line.offset ?? 0) >= done);
  if (fresh.length > 0) {
    const body = fresh.map((line) => JSON.stringify({ k: key, o: line.offset ?? 0, e: line.end ?? 0, t: line.text } satisfies Result) + '\n').join('');
    writeSync(out, body);
    fsyncSync(out);
    ends.set(key, fresh[fresh.length - 1]!.end!);
  }
  if (existsSync(pauseRequest)) {
    unlinkSync(pauseRequest);
    writeFileSync(markerPath, String(fresh.length));
    // Wait to be killed; the interval keeps the process alive.
    await new Promise(() => setInterval(() => {}, 1000));
  }
  await checkpoints.commit(position);
});

process.on('SIGTERM', () => {
  void follower.stop().then(() => {
    closeSync(out);
    process.exit(0);
  });
});
