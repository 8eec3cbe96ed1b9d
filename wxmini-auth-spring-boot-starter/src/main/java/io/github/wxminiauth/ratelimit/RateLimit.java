package io.github.wxminiauth.ratelimit;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A rate limit: at most {@code capacity} requests per {@code period} for each client it applies
 * to. The bucket starts full and refills gradually, one request every {@code period / capacity},
 * so a client that used up its burst gets a request back well before the whole period is over.
 *
 * @param name the name of the limit, part of every bucket's key, e.g. {@code login-ip}
 * @param capacity how many requests a full bucket allows at once
 * @param period how long an empty bucket takes to refill completely
 * @since 0.1.0
 */
public record RateLimit(String name, long capacity, Duration period) {

	public RateLimit {
		Assert.hasText(name, "name must not be empty");
		Assert.isTrue(name.indexOf(':') < 0, "name must not contain ':'");
		Assert.isTrue(capacity > 0, "capacity must be positive");
		Assert.isTrue(period != null && !period.isNegative() && !period.isZero(), "period must be positive");
	}

}
