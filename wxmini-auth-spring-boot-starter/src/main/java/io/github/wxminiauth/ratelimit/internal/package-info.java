/**
 * Internal: the Bucket4j helpers shared by the in-memory and the Redis rate limiter. Public only
 * for them; may change in any release without notice.
 */
@NullMarked
package io.github.wxminiauth.ratelimit.internal;

import org.jspecify.annotations.NullMarked;
