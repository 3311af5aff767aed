/**
 * A tiny PDF writer for the demo e-book: one page of Helvetica text lines, where a line
 * may carry a clickable link (a URI link annotation, as real e-books have). Enough for a
 * printed test address; not a general PDF library.
 */
export interface PdfLine {
  text: string;
  size?: number;
  link?: string;
}

const PAGE = { width: 595, height: 842, margin: 56 };

export function simplePdf(title: string, lines: readonly PdfLine[]): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);

  const catalog = add('<< /Type /Catalog /Pages 2 0 R >>');
  const pages = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const info = add(`<< /Title ${pdfString(title)} /Producer (journey-audit demo) >>`);

  let y = PAGE.height - PAGE.margin;
  const drawn: string[] = [];
  const annotations: number[] = [];
  for (const line of lines) {
    const size = line.size ?? 12;
    y -= size * 1.6;
    drawn.push(`BT /F1 ${size} Tf ${PAGE.margin} ${y.toFixed(1)} Td ${pdfString(line.text)} Tj ET`);
    if (line.link) {
      const width = Math.min(PAGE.width - 2 * PAGE.margin, line.text.length * size * 0.5);
      const rect = [PAGE.margin, y - 2, PAGE.margin + width, y + size].map((n) => n.toFixed(1)).join(' ');
      annotations.push(add(`<< /Type /Annot /Subtype /Link /Rect [${rect}] /Border [0 0 0] /A << /S /URI /URI ${pdfString(line.link)} >> >>`));
    }
  }
  const stream = drawn.join('\n');
  const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  const page = add(
    `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R /Annots [${annotations.map((n) => `${n} 0 R`).join(' ')}] >>`,
  );
  objects[pages - 1] = `<< /Type /Pages /Kids [${page} 0 R] /Count 1 >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF literal string; characters outside Latin-1 become '?'. */
function pdfString(text: string): string {
  const latin1 = [...text].map((c) => (c.charCodeAt(0) < 256 ? c : '?')).join('');
  return `(${latin1.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}
