/**
 * Candidate profiles and election texts: Markdown rendered with raw HTML disabled, then
 * sanitised with an allow-list, so `<script>`, event handlers, `style`, iframes and
 * `javascript:`/`data:` links never survive. Links get `rel="noopener noreferrer nofollow"`.
 *
 * @module
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote', 'h3', 'h4', 'code', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    h1: 'h3',
    h2: 'h3',
  },
};

export const MARKDOWN_MAX_CHARS = 20_000;

export function renderMarkdown(markdown: string): string {
  if (markdown.length > MARKDOWN_MAX_CHARS) throw new RangeError(`Markdown longer than ${MARKDOWN_MAX_CHARS} characters`);
  return sanitizeHtml(md.render(markdown), SANITIZE);
}
