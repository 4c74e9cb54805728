// Electron's IPC objects only where their wrapper lives: ipcMain in electron/main/ipc.ts, which
// validates every payload and checks the sender; ipcRenderer in the preload, which exposes named
// functions built from the contract. Whatever local name it is given: `import { ipcMain as bus }`,
// `export { ipcMain } from 'electron'`, `electron.ipcMain` on a namespace or default import, or
// `const { ipcMain } = electron` are all reported outside the allowed files.
import { isWithin, projectPath } from './project-path.js';

/** @param {any} node an Identifier or a string Literal */
const nameOf = (node) =>
  node?.type === 'Identifier' ? node.name : typeof node?.value === 'string' ? node.value : null;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: "Electron's ipcMain and ipcRenderer only in their wrappers." },
    schema: [
      {
        type: 'object',
        description: 'Per IPC object: the files (or folders, ending in /) that may use it.',
        additionalProperties: {
          type: 'object',
          properties: {
            onlyIn: { type: 'array', items: { type: 'string' } },
            use: { type: 'string' },
          },
          required: ['onlyIn', 'use'],
          additionalProperties: false,
        },
      },
    ],
    messages: {
      elsewhere: '{{name}} is used only in {{onlyIn}}: {{use}}.',
    },
  },

  create(context) {
    /** @type {Record<string, { onlyIn: string[], use: string }>} */
    const objects = context.options[0] ?? {};
    const file = context.physicalFilename;
    const here = projectPath(file, file);
    if (here === null) return {};
    const banned = new Map(
      Object.entries(objects).filter(
        ([, { onlyIn }]) => !onlyIn.some((entry) => isWithin(here, entry)),
      ),
    );
    if (banned.size === 0) return {};

    /** @param {import('estree').Node} node @param {string | null} name */
    function check(node, name) {
      const object = name === null ? undefined : banned.get(name);
      if (!object) return;
      context.report({
        node,
        messageId: 'elsewhere',
        data: { name, onlyIn: object.onlyIn.join(', '), use: object.use },
      });
    }

    /** @param {any} node */
    const fromElectron = (node) => node.source?.value === 'electron';

    return {
      ImportSpecifier(node) {
        if (fromElectron(node.parent)) check(node, nameOf(node.imported));
      },
      ExportSpecifier(node) {
        if (fromElectron(node.parent)) check(node, nameOf(node.local));
      },
      MemberExpression(node) {
        const property = node.property;
        if (!node.computed) check(property, nameOf(property));
        else if (property.type === 'Literal') check(property, nameOf(property));
      },
      'ObjectPattern > Property'(node) {
        check(node.key, nameOf(node.key));
      },
    };
  },
};
