// jest runs one global setup per module path: this one is the "newest" target's (jest.config.js).
import { globalSetupFor } from './globalSetup';

export default globalSetupFor('newest');
