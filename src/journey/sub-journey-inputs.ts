/**
 * The inputs of a sub-journey run with `use:`: which values it runs with (`with:` or the
 * declared defaults), and `${{ inputs.X }}` replaced by them in its steps. Pure: the
 * loader reports the problems.
 */

export type InputValue = string | number | boolean;

const WHOLE_REFERENCE = /^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$/;
const REFERENCE = /\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g;

/**
 * The inputs a sub-journey runs with: each declared input as given in `with:`, else its
 * default; `missing` are declared inputs with neither, `undeclared` the given names the
 * sub-journey does not declare.
 */
export function matchInputs(
  declared: Record<string, { default?: InputValue } | null | undefined>,
  given: Record<string, InputValue>,
): { inputs: Record<string, InputValue>; missing: string[]; undeclared: string[] } {
  const inputs: Record<string, InputValue> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    const value = given[name] ?? spec?.default;
    if (value === undefined) missing.push(name);
    else inputs[name] = value;
  }
  const undeclared = Object.keys(given).filter((name) => !Object.hasOwn(declared, name));
  return { inputs, missing, undeclared };
}

/**
 * `value` with `${{ inputs.X }}` replaced in every string, however deep; a string that is
 * one whole reference takes the input's own type (a number stays a number). A reference
 * to an input not in `inputs` is left as written and told to `onUnknown`.
 */
export function substituteInputs(value: unknown, inputs: Record<string, InputValue>, onUnknown: (expression: string, name: string) => void): unknown {
  const replace = (text: string): unknown => {
    const whole = WHOLE_REFERENCE.exec(text);
    if (whole && Object.hasOwn(inputs, whole[1])) return inputs[whole[1]]; // own keys only: not inputs.constructor
    return text.replace(REFERENCE, (expression, name: string) => {
      if (Object.hasOwn(inputs, name)) return String(inputs[name]);
      onUnknown(expression, name);
      return expression;
    });
  };
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? replace(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(value);
}
