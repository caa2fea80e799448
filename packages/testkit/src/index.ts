export { AFLITE_HELP_TEXT, renderGoalFeed } from './aflite-feed';
export {
  createFakeAflite,
  type FakeAflite,
  type FakeAfliteError,
  type FakeAfliteOptions,
  type FakeAfliteTrace,
} from './aflite-model';
export {
  AVANTLINK_DAILY_LIMIT_ERROR,
  AVANTLINK_LEGACY_API_PATH,
  type FakeAvantLinkAdjustment,
  type FakeAvantLinkAdjustmentOptions,
} from './avantlink-adjustments';
export {
  AVANTLINK_BLANK_TRACKING_IDS_ERROR,
  AVANTLINK_SUCCESS,
  createFakeAvantLink,
  type FakeAvantLink,
  type FakeAvantLinkOptions,
} from './avantlink-model';
export { type RunningServer, type ServeOptions, serveFake } from './http-server';
export { type FakeAfliteServer, type StartFakeAfliteOptions, startFakeAflite } from './start-fake-aflite';
export {
  type FakeAvantLinkServer,
  type StartFakeAvantLinkOptions,
  startFakeAvantLink,
} from './start-fake-avantlink';
export type {
  FakeAfliteGoal,
  FakeNetwork,
  FakeRequest,
  FakeResponse,
  Fault,
  RandomFaults,
  RecordedRequest,
} from './types';
