/**
 * What a customer does on an unsubscribe page before pressing its button (pure: decided
 * from what was read of the page): untick the boxes ticked in advance to keep them, and
 * type their address where the page asks for it.
 */
import type { FlowField, PageSnapshot } from './link-flow-page.js';
import { keptInAdvance } from './flow-page-findings.js';
import { flowWords } from './link-flow-words.js';

export interface ChoiceChange {
  /** The element to change (the box itself, or the other answer of a radio group). */
  id: string;
  /** `check` the other answer of a radio group, or uncheck the box. */
  check: boolean;
  /** The label of the box ticked in advance. */
  label: string;
}

/** A customer unticks each "keep me" box, or picks the other answer of its radio group (when there is one). */
export function choiceChanges(page: PageSnapshot): ChoiceChange[] {
  const changes: ChoiceChange[] = [];
  for (const box of keptInAdvance(page)) {
    if (box.type !== 'radio') {
      changes.push({ id: box.id, check: false, label: box.label });
      continue;
    }
    const other = page.choices.find((c) => c.type === 'radio' && c.name === box.name && !c.checked && !flowWords.isKeepMe(c.label));
    if (other) changes.push({ id: other.id, check: true, label: box.label });
  }
  return changes;
}

/** The e-mail fields that do not yet hold the customer's address. */
export function emailFieldsToFill(page: PageSnapshot, email: string): FlowField[] {
  return page.fields.filter((f) => f.emailLike && f.value.trim().toLowerCase() !== email.toLowerCase());
}
