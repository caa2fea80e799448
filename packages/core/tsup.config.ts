import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// Two entries, so that the root entry never pulls zod into a browser bundle.
export default defineConfig(
  libraryConfig({
    // Shared chunks keep one copy of the error classes, so instanceof holds across both entries.
    splitting: true,
    entry: { index: 'src/index.ts', 'schemas/index': 'src/schemas/index.ts' },
  }),
);
