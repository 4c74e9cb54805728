// The project's own lint rules, loaded by eslint.config.js as the plugin 'architecture'.
import ipcModules from './ipc-modules.js';
import layers from './layers.js';

export default { meta: { name: 'architecture' }, rules: { layers, 'ipc-modules': ipcModules } };
