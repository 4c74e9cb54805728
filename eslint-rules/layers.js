// The layer rule: every import of a file in a layer (a folder named in the options) must land in
// the same layer, in a layer it may import, or in a project-level file such as package.json; and
// it may not name a package its layer forbids. Relative specifiers are resolved against the
// importing file, so '../services/x.ts' from electron/main is fine and '../main/x.ts' from
// electron/services is not. Files outside every layer (test/, bench/, scripts/, build/, the
// config files) are not checked: they may import anything.
//
// Covered: import and `import type`, `export … from`, `import()` with a literal, and TypeScript's
// `import('…').Type`. Type-only imports follow the same rules: no import across layers needs an
// exception today (the renderer's type imports come from shared/, which it may import), and a
// type from another layer ties this layer to that one's design all the same.
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { projectPath } from './project-path.js';

/**
 * @typedef {object} Layer
 * @property {string} folder project-relative, without a trailing slash: 'electron/services'
 * @property {string[]} mayImport folders of the other layers it may import
 * @property {string[]} forbiddenPackages package names (their subpaths too); 'node:*' for Node's
 *   built-in modules with or without the prefix
 * @property {string} rule what the layer is and may import, the start of every message
 */

/** @param {string} relative @param {string} folder */
const inFolder = (relative, folder) => relative.startsWith(`${folder}/`);

/**
 * The layer `relative` is in: the longest folder that holds it.
 * @param {Layer[]} layers @param {string} relative
 */
function layerOf(layers, relative) {
  return layers
    .filter((layer) => inFolder(relative, layer.folder))
    .sort((a, b) => b.folder.length - a.folder.length)[0];
}

/** @param {string} specifier @param {string} name */
function namesPackage(specifier, name) {
  if (name === 'node:*') return isBuiltin(specifier);
  return specifier === name || specifier.startsWith(`${name}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers below it (folders, not convention).' },
    schema: [
      {
        type: 'object',
        properties: {
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                folder: { type: 'string' },
                mayImport: { type: 'array', items: { type: 'string' } },
                forbiddenPackages: { type: 'array', items: { type: 'string' } },
                rule: { type: 'string' },
              },
              required: ['folder', 'mayImport', 'forbiddenPackages', 'rule'],
              additionalProperties: false,
            },
          },
        },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      crossesLayer: "{{rule}}: '{{specifier}}' is in {{target}}.",
      leavesProject: "{{rule}}: '{{specifier}}' is outside the project.",
      forbiddenPackage: "{{rule}}: '{{specifier}}' is not available here.",
    },
  },

  create(context) {
    /** @type {Layer[]} */
    const layers = context.options[0].layers;
    const file = context.physicalFilename;
    const here = projectPath(file, file);
    const layer = here === null ? undefined : layerOf(layers, here);
    if (!layer) return {};

    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string') return;
      // Vite's suffixes (?worker, ?url) say how to load a file, not which file it is.
      const specifier = value.replace(/\?.*$/, '');
      const data = { rule: layer.rule, specifier: value };
      if (!specifier.startsWith('.')) {
        if (layer.forbiddenPackages.some((name) => namesPackage(specifier, name))) {
          context.report({ node, messageId: 'forbiddenPackage', data });
        }
        return;
      }
      const target = projectPath(file, path.resolve(path.dirname(file), specifier));
      if (target === null) {
        context.report({ node, messageId: 'leavesProject', data });
        return;
      }
      if (!target.includes('/')) return; // package.json and the like belong to no layer
      const allowed = [layer.folder, ...layer.mayImport];
      if (allowed.some((folder) => inFolder(target, folder))) return;
      const targetLayer = layerOf(layers, target);
      const where = targetLayer ? targetLayer.folder : `${target.split('/')[0]}/`;
      context.report({ node, messageId: 'crossesLayer', data: { ...data, target: where } });
    }

    /** @param {{ source?: import('estree').Node | null }} node */
    const checkSource = (node) => {
      if (node.source && node.source.type === 'Literal') check(node.source, node.source.value);
    };

    return {
      ImportDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ImportExpression(node) {
        const source = node.source;
        if (source.type === 'Literal') check(source, source.value);
        else if (source.type === 'TemplateLiteral' && source.expressions.length === 0) {
          check(source, source.quasis[0]?.value.cooked);
        }
      },
      /** @param {any} node TypeScript's `import('…').Type` (not in ESTree's types) */
      TSImportType(node) {
        const source = node.source ?? node.argument?.literal;
        if (source) check(source, source.value);
      },
    };
  },
};
