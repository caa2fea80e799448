import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

export default defineConfig(libraryConfig());
