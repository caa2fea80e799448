import { packageTestConfig } from '../../tooling/vitest';

export default packageTestConfig();
