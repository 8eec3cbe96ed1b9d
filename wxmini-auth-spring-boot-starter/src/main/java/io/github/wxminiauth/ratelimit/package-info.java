/**
 * Rate limits of the login and phone endpoints (Bucket4j token buckets).
 * <p>
 * API: the {@link io.github.wxminiauth.ratelimit.RateLimiter} SPI with its values, the configured
 * limits ({@link io.github.wxminiauth.ratelimit.WxRateLimits}) and the in-memory limiter; the
 * Redis one is in {@code redis}, their shared Bucket4j helpers in {@code ratelimit.internal}.
 */
@NullMarked
package io.github.wxminiauth.ratelimit;

import org.jspecify.annotations.NullMarked;
