/**
 * Server-Sent Events across replicas without Redis: {@link
 * dev.seam.sse.postgres.PostgresSseEventLog} keeps each broadcaster's events in a PostgreSQL table
 * and wakes the replicas with {@code LISTEN}/{@code NOTIFY}, so a client resumes on any replica.
 */
package dev.seam.sse.postgres;
