/**
 * {@code bin/shared-store cli}: the store's command-line client ({@link io.sharedstore.cli.Cli}).
 * Everything but the entry point is package-private.
 */
package io.sharedstore.cli;
