const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
    }
    return NAMED[code.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML fragment (post bodies, feed descriptions): tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** Targets of the links in an HTML fragment, except those whose class names them as mentions or hashtags. */
export function htmlLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\s[^>]*>/gi)) {
    const tag = match[0];
    if (/class\s*=\s*"[^"]*\b(mention|hashtag)\b/i.test(tag)) continue;
    const href = /href\s*=\s*"([^"]+)"/i.exec(tag)?.[1] ?? /href\s*=\s*'([^']+)'/i.exec(tag)?.[1];
    if (href && /^https?:/i.test(href)) links.push(decodeEntities(href));
  }
  return links;
}
