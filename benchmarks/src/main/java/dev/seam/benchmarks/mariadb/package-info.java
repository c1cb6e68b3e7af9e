/** How soon a MariaDB query is gone from the server after its Seam deadline (a real server). */
package dev.seam.benchmarks.mariadb;
