/**
 * The default bodies: an HTML card and its plain-text twin. Every value from the item is
 * HTML-escaped (SMS text is written by strangers and may contain markup); the card uses
 * inline styles and tables only, because mail clients ignore style sheets.
 */
import type { EventView, ViewRow } from './eventView';

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

const FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function renderHtml(view: EventView): string {
	const main = view.main
		? `<tr><td style="padding:16px 20px;font-size:16px;line-height:1.5;white-space:pre-wrap;word-break:break-word">${escapeHtml(view.main.value)}</td></tr>`
		: '';
	const rows = view.rows.map(renderHtmlRow).join('');
	return [
		'<!DOCTYPE html><html><head><meta charset="utf-8"></head>',
		`<body style="margin:0;padding:16px;background:#f4f5f7;font-family:${FONT};color:#1f2328">`,
		'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:8px">',
		`<tr><td style="padding:16px 20px;border-bottom:1px solid #d0d7de">`,
		`<div style="font-size:12px;letter-spacing:.05em;text-transform:uppercase;color:#656d76">${escapeHtml(view.kind)}</div>`,
		`<div style="font-size:18px;font-weight:600">${escapeHtml(view.title)}</div></td></tr>`,
		main,
		rows === ''
			? ''
			: `<tr><td style="padding:8px 20px 16px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-size:14px">${rows}</table></td></tr>`,
		'</table></body></html>',
	].join('\n');
}

function renderHtmlRow(row: ViewRow): string {
	const value = row.link
		? `<a href="${escapeHtml(row.link)}">${escapeHtml(row.value)}</a>`
		: escapeHtml(row.value);
	return (
		`<tr><td style="padding:4px 12px 4px 0;color:#656d76;vertical-align:top;white-space:nowrap">${escapeHtml(row.label)}</td>` +
		`<td style="padding:4px 0;white-space:pre-wrap;word-break:break-word">${value}</td></tr>`
	);
}

export function renderText(view: EventView): string {
	const lines = [view.title, ''];
	if (view.main) lines.push(view.main.value, '');
	for (const row of view.rows) lines.push(`${row.label}: ${row.value}`);
	return `${lines.join('\n').trimEnd()}\n`;
}
