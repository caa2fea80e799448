import { packageTestConfig } from '../../tooling/vitest.ts';

export default packageTestConfig();
