// `llmpath/testing`: what lab test files import — test/describe and the assertions.
export { test, it, describe, type TestOptions } from "./registry.ts";
export { expectClose, expectShape, expectEqual, expectTrue, expectThrows, DEFAULT_ATOL, DEFAULT_RTOL, type CloseOptions } from "./assert.ts";
export { AssertionError, isAssertionError, type AssertionDetails } from "./assertion-error.ts";
