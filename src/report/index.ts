/** The analysis report: one self-contained HTML file, and the summary printed in a terminal. */
export { renderHtmlReport } from './html.js';
export { renderTerminalSummary, type TerminalOptions } from './terminal.js';
export {
  caveatMessage,
  categoryLabel,
  networkTypeLabel,
  originLabel,
  reportCatalogue,
  reportText,
  scopeKindLabel,
  severityLabel,
  type ReportMessageKey,
} from './messages.js';
