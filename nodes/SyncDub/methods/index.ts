import { searchVideoAssets } from '../../sync/parameters/ids';
import { searchModels } from '../../sync/parameters/model';

/**
 * The node's list searches, by the names its resource locators give (`searchListMethod`). The
 * searches themselves sit with Sync's parameter descriptions, which Lipsync Generation shares.
 */
export const listSearch = { searchModels, searchVideoAssets };
