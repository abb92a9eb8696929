// Code that is not shipped: linted by eslint.dev.config.mjs, see the comment there.
export { default } from '../eslint.dev.config.mjs';
