import { inflateSync } from 'node:zlib';

/** The colour secret values are drawn in by the leak tests' pages; nothing else on them uses it. */
export const SECRET_COLOUR = { css: '#ff00ff', r: 255, g: 0, b: 255 };

/** How many pixels of a PNG are this colour (within a small tolerance for anti-aliasing and colour management). */
export function countColour(png: Buffer, colour: { r: number; g: number; b: number } = SECRET_COLOUR, tolerance = 8): number {
  const { width, height, channels, pixels } = decodePng(png);
  let count = 0;
  for (let i = 0; i < width * height * channels; i += channels) {
    if (Math.abs(pixels[i] - colour.r) <= tolerance && Math.abs(pixels[i + 1] - colour.g) <= tolerance && Math.abs(pixels[i + 2] - colour.b) <= tolerance) count++;
  }
  return count;
}

/**
 * Decodes the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced) into raw pixels:
 * small enough to read at a glance, so the leak tests need no image library.
 */
export function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = ({ 2: 3, 6: 4 } as Record<number, number>)[colourType] ?? 0;
      if (depth !== 8 || !channels || interlace) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
