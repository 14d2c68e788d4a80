import type { ParsedRequest } from '../../model/index.js';
import type { FormatFactory, LogFormat } from './format.js';
import { FieldSplitter } from './fields.js';
import {
  MAX_LINE_LENGTH,
  isBlank,
  addressBeforePort,
  headerValue,
  hostWithoutPort,
  makeRequest,
  parseStatus,
  parseUint,
  secondsToMs,
  splitRequest,
  type RequestParts,
} from './scan.js';
import { TimeCache, parseIsoTime } from './time.js';

const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

// Positions in an ALB line; the classic ELB format has no leading type field (offset -1).
const TIME = 1;
const CLIENT = 3;
const REQUEST_TIME = 5;
const STATUS = 8;
const SENT = 11;
const REQUEST = 12;
const USER_AGENT = 13;
const DOMAIN = 18;

/** AWS Application Load Balancer access logs (also classic ELB HTTP lines). */
class AlbParser implements LogFormat {
  readonly name = 'alb';
  private readonly fields = new FieldSplitter(40);
  private readonly times = new TimeCache(parseIsoTime);
  private readonly request: RequestParts = { method: '', path: '', protocol: '' };

  parse(line: string): ParsedRequest | string | null {
    if (line.length > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    const f = this.fields;
    if (!f.split(line, ' ')) return 'truncated line';
    const firstEnd = f.ends[0] as number;
    const offset = TYPES.has(line.slice(0, firstEnd)) ? 0 : -1;
    if (f.count < USER_AGENT + offset + 1) return f.count < 4 ? 'line does not match format' : 'truncated line';
    const at = (i: number): [number, number] => [f.starts[i + offset] as number, f.ends[i + offset] as number];

    const [timeStart, timeEnd] = at(TIME);
    const time = this.times.get(line, timeStart, timeEnd);
    if (Number.isNaN(time)) return offset === 0 ? 'bad time' : 'line does not match format';
    const [clientStart, clientEnd] = at(CLIENT);
    const ip = addressBeforePort(line, clientStart, clientEnd);
    if (ip === null) return 'bad client address';
    const [statusStart, statusEnd] = at(STATUS);
    // "-": the load balancer never answered (client closed the connection).
    let status = 0;
    if (!(statusEnd - statusStart === 1 && line.charCodeAt(statusStart) === 45)) {
      status = parseStatus(line, statusStart, statusEnd);
      if (status < 0) return 'bad status';
    }
    const [sentStart, sentEnd] = at(SENT);
    const bytes = sentEnd - sentStart === 1 && line.charCodeAt(sentStart) === 45 ? 0 : parseUint(line, sentStart, sentEnd);
    if (bytes < 0) return 'bad bytes';

    const [requestStart, requestEnd] = at(REQUEST);
    // ALB writes "- - - " for requests it could not parse.
    const unparsed = line.startsWith('- - -', requestStart);
    const r = this.request;
    if (unparsed) {
      r.method = '-';
      r.path = '';
      r.protocol = '';
    } else splitRequest(line, requestStart, requestEnd, r);
    let path = r.path;
    let host: string | undefined;
    const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(path);
    if (absolute) {
      const authority = absolute[1] ?? '';
      host = hostWithoutPort(authority, 0, authority.length);
      path = path.slice(absolute[0].length) || '/';
    }
    if (host === undefined && f.count > DOMAIN + offset) {
      const [domainStart, domainEnd] = at(DOMAIN);
      host = hostWithoutPort(line, domainStart, domainEnd);
    }
    let duration: number | undefined = 0;
    for (let k = REQUEST_TIME; k < REQUEST_TIME + 3; k++) {
      const part = secondsToMs(line.slice(...at(k)));
      duration = part === undefined || duration === undefined ? undefined : duration + part;
    }
    const [agentStart, agentEnd] = at(USER_AGENT);
    return makeRequest(time, ip, r.method, path, r.protocol, status, bytes, '', headerValue(line, agentStart, agentEnd), host, undefined, duration);
  }
}

export const albFormat: FormatFactory = {
  name: 'alb',
  description: 'AWS Application Load Balancer (and classic ELB) access log',
  descriptionFr: 'journal d\u2019accès d\u2019AWS Application Load Balancer (et ELB classique)',
  create: () => new AlbParser(),
};
