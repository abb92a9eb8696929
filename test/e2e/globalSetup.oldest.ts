// jest runs one global setup per module path: this one is the "oldest" target's (jest.config.js).
import { globalSetupFor } from './globalSetup';

export default globalSetupFor('oldest');
