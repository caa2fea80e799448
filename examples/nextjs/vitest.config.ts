import { packageTestConfig } from '../../tooling/vitest';

export default packageTestConfig({ include: ['test/**/*.test.ts'] });
