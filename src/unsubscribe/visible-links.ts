import { Parser } from 'htmlparser2';

/**
 * Anchors of a mail's HTML part with what a reader can see of them: the visible text,
 * the words just before the link, and whether the link is hidden by inline styles
 * (display:none, visibility:hidden, zero opacity, a font of 2px or less, zero height
 * with overflow hidden, the `hidden` attribute, or text coloured like its background).
 * Mail clients ignore most stylesheets, so inline styles are what counts.
 */
export interface HtmlAnchor {
  href: string;
  text: string;
  /** Up to 200 characters of visible text before the link. */
  before: string;
  /** Why the link is invisible; undefined when a reader can see it. */
  hiddenBy?: string;
}

interface Frame {
  name: string;
  hiddenBy?: string;
  color?: string;
  background?: string;
}

const NEVER_SHOWN = new Set(['head', 'style', 'script', 'title', 'template', 'noscript']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCKS = new Set(['p', 'div', 'br', 'tr', 'td', 'li', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'center', 'section']);

const NAMED_COLOURS: Record<string, string> = {
  white: '#ffffff', black: '#000000', red: '#ff0000', green: '#008000', blue: '#0000ff', gray: '#808080', grey: '#808080',
  silver: '#c0c0c0', yellow: '#ffff00', navy: '#000080', transparent: 'transparent',
};

/** A colour as #rrggbb (or "transparent"); undefined when we cannot tell. */
export function normaliseColour(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  if (NAMED_COLOURS[v]) return NAMED_COLOURS[v];
  let m = /^#([0-9a-f]{3})$/.exec(v);
  if (m) return `#${[...m[1]].map((c) => c + c).join('')}`;
  m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) return v;
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (m) {
    if (m[4] !== undefined && parseFloat(m[4]) === 0) return 'transparent';
    return `#${[m[1], m[2], m[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('')}`;
  }
  return undefined;
}

function parseStyle(style: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const decl of (style ?? '').split(';')) {
    const colon = decl.indexOf(':');
    if (colon === -1) continue;
    out[decl.slice(0, colon).trim().toLowerCase()] = decl.slice(colon + 1).trim().toLowerCase();
  }
  return out;
}

function fontPixels(value: string): number | undefined {
  const m = /^([\d.]+)\s*(px|pt|em|rem|%)?/.exec(value);
  if (!m) return undefined;
  const n = parseFloat(m[1]);
  switch (m[2]) {
    case 'pt':
      return n * (4 / 3);
    case 'em':
    case 'rem':
      return n * 16;
    case '%':
      return (n / 100) * 16;
    default:
      return n;
  }
}

function hiddenByStyle(attrs: Record<string, string>, css: Record<string, string>): string | undefined {
  if ('hidden' in attrs) return 'the hidden attribute';
  if (/^none\b/.test(css.display ?? '')) return 'display:none';
  if (/^(hidden|collapse)\b/.test(css.visibility ?? '')) return 'visibility:hidden';
  if (css.opacity !== undefined && parseFloat(css.opacity) === 0) return 'opacity:0';
  const size = css['font-size'] !== undefined ? fontPixels(css['font-size']) : undefined;
  if (size !== undefined && size <= 2) return `a ${css['font-size']} font`;
  const zero = (v: string | undefined) => v !== undefined && /^0(?:px|pt|em|%)?$/.test(v);
  if ((zero(css['max-height']) || zero(css.height)) && /hidden/.test(css.overflow ?? '')) return 'zero height with overflow hidden';
  if (zero(css.width) && zero(css.height)) return 'zero size';
  if (attrs.width === '0' && attrs.height === '0') return 'zero size';
  return undefined;
}

/** The anchors of an HTML document (never throws; htmlparser2 accepts any input). */
export function htmlAnchors(html: string): HtmlAnchor[] {
  const anchors: HtmlAnchor[] = [];
  const stack: Frame[] = [{ name: '#root' }];
  let invisibleDepth = 0;
  let text = '';
  let open: { href: string; start: number; hiddenBy?: string; colour?: string; background?: string; depth: number } | undefined;
  const top = () => stack[stack.length - 1];

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (BLOCKS.has(name)) text += ' ';
        if (VOID.has(name)) return;
        const css = parseStyle(attrs.style);
        const parent = top();
        const own = hiddenByStyle(attrs, css);
        const background = normaliseColour(css['background-color'] ?? css.background?.split(/\s+/)[0] ?? attrs.bgcolor);
        const frame: Frame = {
          name,
          hiddenBy: parent.hiddenBy ?? own,
          color: normaliseColour(css.color ?? attrs.color) ?? parent.color,
          background: background && background !== 'transparent' ? background : parent.background,
        };
        stack.push(frame);
        if (NEVER_SHOWN.has(name)) invisibleDepth++;
        if (name === 'a' && attrs.href !== undefined && !open) {
          open = { href: attrs.href.trim(), start: text.length, hiddenBy: frame.hiddenBy, colour: frame.color, background: frame.background, depth: stack.length };
        }
      },
      ontext(data) {
        if (invisibleDepth > 0) return;
        const frame = top();
        // Hidden text is neither link text nor context, except as the text of a hidden link.
        if (frame.hiddenBy && !open?.hiddenBy) return;
        text += decodeEntities(data);
        // Only the last words matter as context: keep the buffer short (no link is open).
        if (!open && text.length > 2000) text = text.slice(-400);
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        // Close up to the matching element (htmlparser2 reports implied closes too).
        let index = stack.length - 1;
        while (index > 0 && stack[index].name !== name) index--;
        if (index === 0) return;
        if (open && name === 'a' && index + 1 === open.depth) {
          const linkText = text.slice(open.start).replace(/\s+/g, ' ').trim();
          const sameColour = open.colour !== undefined && open.colour === (open.background ?? undefined) ? 'text coloured like its background' : undefined;
          const hiddenBy = open.hiddenBy ?? sameColour;
          anchors.push({
            href: decodeEntities(open.href),
            text: linkText,
            before: text.slice(Math.max(0, open.start - 200), open.start).replace(/\s+/g, ' '),
            ...(hiddenBy ? { hiddenBy } : {}),
          });
          if (hiddenBy) text = text.slice(0, open.start); // hidden link text is not context for the next link
          open = undefined;
          if (text.length > 2000) text = text.slice(-400);
        }
        for (let i = stack.length - 1; i >= index; i--) if (NEVER_SHOWN.has(stack[i].name)) invisibleDepth--;
        stack.length = index;
        if (BLOCKS.has(name)) text += ' ';
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return anchors;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', zwnj: '', shy: '' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}
