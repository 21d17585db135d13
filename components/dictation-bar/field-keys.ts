import { queryFrom } from '../shared/dom.js';
import { isEditableField, type EditableField } from './text-insertion.js';
import type { Anchor } from './take.js';

/** How much of the text before the caret is kept to find the place again after a reload. */
const ANCHOR_CHARS = 80;

/** The place after `before` (the field's text up to the caret), as kept to find it again after a reload. */
export const anchorAt = (before: string): Anchor => ({ before: before.slice(-ANCHOR_CHARS), offset: before.length });

/** How a field is found again after a reload: its id, its name, or the bar's `target`. */
export function fieldKey(field: EditableField, target: string): string {
  if (field.id) return `#${CSS.escape(field.id)}`;
  const name = field.getAttribute('name');
  if (name) return `${field.localName}[name="${CSS.escape(name)}"]`;
  return target;
}

/** The field a key names, in the tree of `host` (then the document), if it is one dictation can write into. */
export function findField(host: Node, key: string): EditableField | null {
  if (!key) return null;
  const found = queryFrom(host, key);
  return isEditableField(found) ? found : null;
}
