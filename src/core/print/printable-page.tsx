import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { businessDateOf } from '../clock/business-date';

/**
 * The printable forms (申报表, 变更申请表, 评审表, 公示名单) are Preact
 * components rendered to a string: every text and attribute is escaped by the
 * renderer, so a name like `<script>` or `A & B` prints as written and never
 * becomes markup. Only a page's own constant CSS goes in unescaped.
 */

/** The ideographic space between a name, its seal and the date. */
export const GAP = '\u3000';
export const NBSP = '\u00a0';

/** An instant as a form prints its date: 2027年1月5日 (Asia/Shanghai). */
export function printedDate(at: Date): string {
  const [year, month, day] = businessDateOf(at).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** Multi-line text keeps its lines on paper. */
export function Lines({ text }: { text: string | null | undefined }): VNode {
  return <>{(text ?? '').split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</>;
}

/** A whole page: doctype, head with its title and style, and the body. */
export function renderPage(title: string, style: string, body: ComponentChildren): string {
  const page = (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: style }} />
      </head>
      <body>{body}</body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}`;
}
