/** JMH benchmarks of Seam against its peers. */
package dev.seam.benchmarks;
