/** The report's only stylesheet, inlined: system fonts, dark text on light ground, printable. */
export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;background:#ffffff}
header,main,footer{max-width:1000px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:1.7rem;margin:0 0 8px}
h2{font-size:1.35rem;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid #1a1a1a}
h3{font-size:1.1rem;margin:24px 0 8px}
a{color:#0b4f8a}
.meta{color:#404040;margin:2px 0}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none}
.lead{font-size:1.1rem}
.split{margin:12px 0 20px}
.split h3{margin-bottom:4px}
svg.chart,svg.map{display:block;width:100%;height:auto;max-width:960px}
svg text{font-family:inherit;fill:#1a1a1a}
.bar-label{font-size:12px}
.bar-sublabel{font-size:10.5px;fill:#4a4a4a}
.bar-value{font-size:11.5px}
.axis{font-size:11px;fill:#404040}
.panel-title{font-size:12px;font-weight:600}
.grid{stroke:#d0d0d0;stroke-width:1}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:6px 0;list-style:none;font-size:.92rem}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:6px;vertical-align:-1px;border:1px solid #555}
.caveats{background:#fff8e1;border:1px solid #b08800;border-left:6px solid #b08800;padding:8px 20px;border-radius:4px}
.caveats ul{padding-left:20px}
.caveats li{margin:6px 0}
figure{margin:12px 0 24px}
figcaption{font-size:.92rem;color:#404040;margin-top:4px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid #d0d0d0;padding:4px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #1a1a1a;background:#f2f2f2}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details.data{margin:6px 0}
details summary{cursor:pointer;color:#0b4f8a}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere;word-break:break-word}
.evidence{list-style:none;padding:0;margin:6px 0}
.evidence li{padding:4px 0;border-top:1px dashed #c0c0c0}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600;border:1px solid}
.sev-low{background:#eef5ee;color:#1e5420}
.sev-medium{background:#fff4d6;color:#6b4a00}
.sev-high{background:#fde5d8;color:#8a2b00}
.sev-critical{background:#f9d6d6;color:#7a0000}
.note{color:#404040;font-size:.92rem}
footer{margin:40px auto 24px;color:#404040;font-size:.9rem;border-top:1px solid #d0d0d0;padding-top:8px}
@media print{
  body{font-size:11pt}
  nav,details.data{display:none}
  header,main,footer{max-width:none;padding:0}
  h2{break-after:avoid}
  figure,tr,.split{break-inside:avoid}
  a{color:#1a1a1a}
  .caveats{background:none}
}
`;
