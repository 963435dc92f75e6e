export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** A breakdown or code value as people read it: underscores become spaces. */
export const label = (code: string): string => code.replace(/_/g, ' ');

/**
 * One CSV cell, RFC 4180 quoted, and safe to open in a spreadsheet: text beginning with =, +, -, @,
 * a tab or a carriage return is prefixed with an apostrophe so it is never run as a formula.
 * Numbers are written as they are (a negative number is a number, not a formula).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const STYLES = `
  body { font-family: Arial, sans-serif; margin: 0; color: #0b0c0c; background: #f3f2f1; line-height: 1.4; }
  header.bar { background: #0b0c0c; color: #fff; padding: .75rem 2rem; display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 1rem; }
  header.bar a, header.bar button { color: #fff; }
  header.bar form { margin: 0; }
  main { padding: 1rem 2rem 2rem; max-width: 1200px; }
  h1 { margin: .5rem 0; }
  a { color: #1d4f91; }
  a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, .point:focus, .bar:focus, [tabindex]:focus {
    outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 5px #0b0c0c; }
  .skip { position: absolute; left: -9999px; } .skip:focus { position: static; background: #ffdd00; color: #0b0c0c; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1rem; }
  .tile, .panel { background: #fff; padding: 1rem; border-top: 4px solid #1d70b8; }
  .tile h2 { font-size: 1.125rem; margin: 0 0 .5rem; }
  .value { font-size: 2rem; font-weight: bold; margin: 0; }
  .period, .counts, .muted, footer { color: #505a5f; font-size: .875rem; margin: .25rem 0; }
  .warning { background: #fff4c4; border-left: 5px solid #b58800; padding: .25rem .5rem; font-size: .875rem; margin: .5rem 0; }
  .sofar { border: 1px dashed #505a5f; padding: .25rem .5rem; font-size: .875rem; margin: .5rem 0; }
  .rag { display: inline-block; padding: .1rem .5rem; font-weight: bold; font-size: .875rem; border: 2px solid currentColor; }
  .rag-green { color: #005a30; background: #cce2d8; } .rag-amber { color: #6e3619; background: #fcd6c3; } .rag-red { color: #942514; background: #f6d7d2; }
  .rag-none { color: #383f43; background: #eeefef; }
  table { border-collapse: collapse; font-size: .875rem; margin: .5rem 0; }
  caption { text-align: left; color: #0b0c0c; font-weight: bold; padding-bottom: .25rem; }
  th, td { padding: .2rem .5rem; text-align: right; border-bottom: 1px solid #b1b4b6; }
  th[scope="row"], th.text, td.text { text-align: left; }
  th[scope="row"] { font-weight: normal; }
  .chart { max-width: 100%; height: auto; }
  nav.breakdowns ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
  nav.breakdowns a[aria-current="page"] { font-weight: bold; color: #0b0c0c; }
  .commentary { border-left: 4px solid #1d70b8; padding-left: .5rem; margin: .5rem 0; }
  details { margin: .5rem 0; }
  summary { padding: .25rem 0; line-height: 1.5; min-height: 24px; cursor: pointer; color: #1d4f91; text-decoration: underline; }
  label { display: block; font-weight: bold; margin: .5rem 0 .25rem; }
  textarea { width: 100%; max-width: 40rem; min-height: 5rem; font: inherit; }
  button, .button { background: #00703c; color: #fff; border: 0; padding: .5rem 1rem; font: inherit; cursor: pointer; text-decoration: none; display: inline-block; }
  header.bar button { background: transparent; border: 1px solid #fff; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  @media print {
    body { background: #fff; } header.bar, .no-print, nav.breakdowns, form { display: none; }
    .tile, .panel { break-inside: avoid; border: 1px solid #b1b4b6; }
    section.measure { break-before: page; }
  }
`;

export interface PageOptions {
  title: string;
  /** The signed-in user's name and the CSRF token for the sign-out form, for pages behind a browser session. */
  user?: { name: string; csrf?: string };
  body: string;
}

export function page(options: PageOptions): string {
  const signOut = options.user?.csrf
    ? `<form method="post" action="/dashboard/sign-out"><input type="hidden" name="csrf" value="${escapeHtml(options.user.csrf)}"><button type="submit">Sign out</button></form>`
    : '';
  const who = options.user ? `<span>Signed in as ${escapeHtml(options.user.name)}</span>${signOut}` : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="bar"><a href="/dashboard">Early Help partnership dashboard</a><div style="display:flex;gap:1rem;align-items:center">${who}</div></header>
<main id="main" tabindex="-1">
${options.body}
</main>
</body>
</html>`;
}
