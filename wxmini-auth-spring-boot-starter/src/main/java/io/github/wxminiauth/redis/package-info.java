/**
 * Shared stores in Redis for several instances: refresh tokens and revocations, the WeChat access
 * token and its cluster-wide lock, session keys, rate-limit buckets.
 * <p>
 * API: the Redis implementations of the starter's SPIs, which an application may construct or
 * decorate; the revocation feed is package-private.
 */
@NullMarked
package io.github.wxminiauth.redis;

import org.jspecify.annotations.NullMarked;
