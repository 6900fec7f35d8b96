/**
 * Jest timeouts of the tests that deploy, synthesize or compile whole apps. CI runs two test files at once on
 * two cores with coverage, and a loaded machine takes several times as long as a quiet one: these bounds are
 * there to stop a hung test, not to measure speed.
 */

/** A test that deploys (through the local runner) or synthesizes an app a few times. */
export const DEPLOY_TEST_TIMEOUT_MS = 5 * 60_000;

/** A test that compiles, synthesizes and deploys an organization of a thousand entities. */
export const LARGE_APP_TEST_TIMEOUT_MS = 15 * 60_000;
