import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// Two entries: the root one (servers) never imports msw, which is an optional peer.
export default defineConfig(
  libraryConfig({
    // Shared chunks keep one copy of the fakes' code for both entries.
    splitting: true,
    entry: { index: 'src/index.ts', msw: 'src/msw.ts' },
  }),
);
