/** @type {import('next').NextConfig} */
export default {
  // Loaded by Node as published, not bundled.
  serverExternalPackages: ['@affiliate-relay/node'],
};
