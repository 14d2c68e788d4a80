export * from './source.js';
export { FileFollower, type FileFollowerOptions } from './file-follower.js';
export { FileCheckpoints, MemoryCheckpoints, fileKey, type CheckpointStore, type FileCheckpointOptions } from './checkpoint.js';
export { parsePattern, matchName, PatternError, type PathPattern } from './glob.js';
export { SyslogReceiver, type SyslogOptions } from './syslog.js';
export { parseSyslog, type SyslogMessage, type SyslogParse } from './syslog-parse.js';
export { HttpIngest, parseIngestBody, type HttpIngestOptions, type IngestError } from './http-ingest.js';
export { liveMessages, liveTranslator, describeNotice, type LiveMessageKey } from './messages.js';
