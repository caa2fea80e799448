import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// NOTE: ky (2.x, ESM-only) is bundled, so it is a devDependency: shops do not install it, they get the
// copy inside dist, and `require('@affiliate-relay/node')` loads a CommonJS copy rather than
// require()-ing an ES module.
// Four entries (see package.json `exports`): the root (`createRelay`), `store`, `clients` and `checkout`; and `cli`,
// the `affiliate-relay` command (package.json `bin`, no export). Shared chunks keep
// one copy of the code that two entries use (a store's module, a client's class).
export default defineConfig(
  libraryConfig({
    noExternal: ['ky'],
    splitting: true,
    entry: {
      index: 'src/index.ts',
      store: 'src/store.ts',
      clients: 'src/clients.ts',
      cli: 'src/cli/main.ts',
      checkout: 'src/checkout.ts',
    },
  }),
);
