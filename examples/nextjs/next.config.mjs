import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
export default {
  // The workspace root: the @affiliate-relay packages are linked from there (a shop installing them needs neither).
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  // Loaded by Node as published, not bundled.
  serverExternalPackages: ['@affiliate-relay/node'],
};
