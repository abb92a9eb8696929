// jest runs one global setup per module path: this one is the "oldest" target's queue project (jest.config.js).
import { queueGlobalSetupFor } from './globalSetup';

export default queueGlobalSetupFor('oldest');
