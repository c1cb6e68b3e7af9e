/**
 * Asynchronous JDBC on seams: {@link dev.seam.jdbc.AsyncJdbc} and the callbacks it runs.
 *
 * @since 0.1
 */
package dev.seam.jdbc;
