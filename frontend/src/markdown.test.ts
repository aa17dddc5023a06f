import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown'

describe('renderMarkdown', () => {
  it('renders headings and lists', () => {
    const html = renderMarkdown('## Key points\n\n- TCP is reliable\n- UDP is not')
    expect(html).toContain('<h2')
    expect(html).toContain('<li>TCP is reliable</li>')
  })

  it('strips scripts, event handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src="x" onerror="alert(2)">\n\n[link](javascript:alert(3))',
    )
    expect(html).not.toContain('<script')
    expect(html).not.toContain('onerror')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('<img src="x">')
  })
})
