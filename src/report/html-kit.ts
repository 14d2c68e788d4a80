/**
 * Small builders for the HTML report. Cells, captions and labels passed as `Html` are already
 * escaped; plain strings are escaped here.
 */
import { escapeHtml } from './text.js';

/** A fragment of markup that is safe to insert as it is. */
export interface Html {
  readonly html: string;
}

export function raw(html: string): Html {
  return { html };
}

/** Escapes a plain string; passes markup through. */
export function h(value: string | number | Html): string {
  return typeof value === 'object' ? value.html : escapeHtml(value);
}

export interface Column {
  header: string;
  /** Right-aligned, for numbers. */
  numeric?: boolean;
}

/** A data table: column headers with scope="col", the first cell of each row a row header. */
export function table(caption: string | Html, columns: Column[], rows: (string | number | Html)[][], className = ''): string {
  const head = columns.map((column) => `<th scope="col"${column.numeric ? ' class="n"' : ''}>${h(column.header)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.map((cell, index) => {
        const numeric = columns[index]?.numeric ? ' class="n"' : '';
        return index === 0 ? `<th scope="row"${numeric}>${h(cell)}</th>` : `<td${numeric}>${h(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  return (
    `<table${className ? ` class="${className}"` : ''}><caption>${h(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
  );
}

/** The text alternative of a chart: its data as a table, folded away. */
export function dataDetails(summary: string, content: string): string {
  return `<details class="data"><summary>${h(summary)}</summary>${content}</details>`;
}

/** A legend of coloured swatches, each named in words so colour is never the only cue. */
export function legend(items: { colour: string; text: string }[]): string {
  const entries = items
    .map((item) => `<li><span class="swatch" style="background:${safeColour(item.colour)}" aria-hidden="true"></span>${h(item.text)}</li>`)
    .join('');
  return `<ul class="legend">${entries}</ul>`;
}

function safeColour(colour: string): string {
  return /^#[0-9a-f]{3,8}$/i.test(colour) ? colour : '#888888';
}

export function section(id: string, title: string, content: string): string {
  return `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${h(title)}</h2>${content}</section>`;
}

export function figure(svg: string, caption: string, extra = ''): string {
  return `<figure>${svg}<figcaption>${h(caption)}</figcaption>${extra}</figure>`;
}

export function paragraph(text: string | Html, className = ''): string {
  return `<p${className ? ` class="${className}"` : ''}>${h(text)}</p>`;
}
