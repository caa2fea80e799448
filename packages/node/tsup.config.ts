import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// NOTE: ky 1 is ESM-only; bundling it keeps `require('@affiliate-relay/node')` working on Node 20
// releases before 20.19, which cannot require() an ES module. So ky is a devDependency: shops do
// not install it, they get the copy inside dist.
export default defineConfig(libraryConfig({ noExternal: ['ky'] }));
