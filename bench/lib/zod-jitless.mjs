// Preload for a diagnostic row of bench/validate.mjs (node --import): switches zod to its
// interpreter ("jitless") before the CLI builds its schemas, to show what zod's code
// generation costs a short-lived process. Changes nothing in the product.
import { z } from 'zod';

z.config({ jitless: true });
