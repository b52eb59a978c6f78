/**
 * Internal helpers of Shared Store (key rules, globs, the value format, refusal codes, flags,
 * the heartbeat's clock). Public only so that the store's own modules can share them: <b>not
 * API</b>; anything here may change or go in any release without notice.
 */
package io.sharedstore.store.internal;
