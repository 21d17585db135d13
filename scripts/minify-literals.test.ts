import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedentTemplates } from './minify-literals.mjs';

test('the indentation of html and css template text goes, line breaks stay', () => {
  const source = 'const t = html`\n    <p\n      lang=${x}\n    >hi</p>\n  `;\n';
  assert.equal(dedentTemplates(source), 'const t = html`\n<p\nlang=${x}\n>hi</p>\n`;\n');
});

test('code outside templates and inside ${} is left as written', () => {
  const source = [
    'function f() {',
    '  const s = "  }`  ";',
    '  return html`',
    '    <b>${cond ? "}" : `',
    '      plain ${"{"}',
    '    `}</b>',
    '    ${items.map((i) => html`',
    '        <i>${i}</i>',
    '    `)}',
    '  `;',
    '}',
  ].join('\n');
  const expected = [
    'function f() {',
    '  const s = "  }`  ";',
    '  return html`',
    '<b>${cond ? "}" : `',
    'plain ${"{"}',
    '`}</b>',
    '${items.map((i) => html`',
    '<i>${i}</i>',
    '`)}',
    '`;',
    '}',
  ].join('\n');
  assert.equal(dedentTemplates(source), expected);
});

test('css templates also lose their comments; other templates keep theirs', () => {
  const source = 'css`\n  :host {\n    /* why */\n    ${tokens}\n  }\n`; const h = html`<!-- kept -->`; const s = `\n  kept`;';
  assert.equal(dedentTemplates(source), 'css`\n:host {\n\n${tokens}\n}\n`; const h = html`<!-- kept -->`; const s = `\n  kept`;');
});

test('an escaped backtick does not end a template', () => {
  assert.equal(dedentTemplates('html`a\\`\n  b`; x = `\n  c`'), 'html`a\\`\nb`; x = `\n  c`');
});
