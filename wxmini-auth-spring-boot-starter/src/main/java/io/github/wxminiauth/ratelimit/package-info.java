/**
 * Rate limits of the login and phone endpoints (Bucket4j token buckets), in memory for one
 * instance or shared through Redis.
 */
@NullMarked
package io.github.wxminiauth.ratelimit;

import org.jspecify.annotations.NullMarked;
