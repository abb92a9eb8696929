// jest runs one global setup per module path: this one is the "newest" target's queue project (jest.config.js).
import { queueGlobalSetupFor } from './globalSetup';

export default queueGlobalSetupFor('newest');
