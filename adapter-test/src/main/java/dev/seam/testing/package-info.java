/**
 * Test support for Seam users: advance time instead of sleeping, run calls on the test thread, hold
 * calls until the test decides their outcome ({@link dev.seam.testing.RecordingSeam}), and fail
 * tests that leak seam threads or MDC entries.
 */
package dev.seam.testing;
