/** Summary Markdown to HTML that is safe to put in the page. */

import DOMPurify from 'dompurify'
import { marked } from 'marked'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

export function renderMarkdown(source: string): string {
  // DOMPurify hands its input back untouched where it cannot work; show the text as text then.
  if (!DOMPurify.isSupported) return `<pre>${escapeHtml(source)}</pre>`
  const html = marked.parse(source, { async: false, gfm: true })
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } })
}
