import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// NOTE: ky (2.x, ESM-only) is bundled, so it is a devDependency: shops do not install it, they get the
// copy inside dist, and `require('@affiliate-relay/node')` loads a CommonJS copy rather than
// require()-ing an ES module.
export default defineConfig(libraryConfig({ noExternal: ['ky'] }));
