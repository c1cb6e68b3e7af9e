/**
 * Test support for Seam users: advance time instead of sleeping, run calls on the test thread, and
 * fail tests that leak seam threads or MDC entries.
 */
package dev.seam.testing;
