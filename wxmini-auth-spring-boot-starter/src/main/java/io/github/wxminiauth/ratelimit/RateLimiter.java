package io.github.wxminiauth.ratelimit;

import io.github.wxminiauth.redis.RedisRateLimiter;

/**
 * Counts requests against {@link RateLimit}s, one token bucket per limit and client.
 * Implementations: {@link InMemoryRateLimiter} for one instance, {@link RedisRateLimiter} for
 * several sharing a Redis. Declare a bean of your own to replace them.
 *
 * @since 0.1.0
 */
public interface RateLimiter {

	/**
	 * Takes one request from the bucket of {@code client} under {@code limit}.
	 * @param limit the limit
	 * @param client who the limit applies to, e.g. an IP address or a user
	 * @return whether the request may go on; implementations that cannot count (their store is
	 * down) allow it, because logging in must not depend on the limiter
	 */
	RateLimitDecision tryConsume(RateLimit limit, String client);

}
