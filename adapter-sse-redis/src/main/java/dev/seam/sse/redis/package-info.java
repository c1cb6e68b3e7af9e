/**
 * Server-Sent Events across replicas: {@link dev.seam.sse.redis.RedisSseEventLog} keeps each
 * broadcaster's events in a Redis Stream, so a client resumes on any replica.
 */
package dev.seam.sse.redis;
