import type { Command } from 'commander';
import { translator, type Translate } from '../i18n/index.js';
import type { Infospace } from '../infospace/index.js';
import { infospaceMessages, type InfospaceMessageKey } from '../infospace/messages.js';
import { dataDirOf } from './decisions.js';
import { parseLang } from './options.js';

export type T = Translate<InfospaceMessageKey>;
export const out = (text: string) => void process.stdout.write(`${text}\n`);
export const err = (text: string) => void process.stderr.write(`${text}\n`);
/** Text from posts reaches a terminal: control characters (escape sequences) are shown, not obeyed. */
export const printable = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
export const actor = () => process.env.VIGIE_ACTOR ?? process.env.USER ?? 'cli';

export async function withInfospace<R>(command: Command, run: (infospace: Infospace, t: T) => Promise<R>): Promise<R> {
  const opts = command.optsWithGlobals<{ lang?: string; stateMedia?: string; watchlists?: string; allowLoopback?: boolean }>();
  // `posts --lang zh` filters posts: only en and fr choose the messages' language
  const t = translator(infospaceMessages, parseLang(opts.lang === 'en' || opts.lang === 'fr' ? opts.lang : undefined));
  // the engine (text tables, graphs, schemas) loads only when an infospace command runs
  const { Infospace } = await import('../infospace/index.js');
  const infospace = await Infospace.open(dataDirOf(command), { stateMediaFile: opts.stateMedia, watchlistsFile: opts.watchlists, policy: { allowLoopback: opts.allowLoopback ?? false } });
  try {
    return await run(infospace, t);
  } finally {
    await infospace.close();
  }
}
