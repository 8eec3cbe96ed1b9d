package io.github.wxminiauth.ratelimit;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Whether a request is within its {@link RateLimit}, and if not, how long until it would be.
 *
 * @param allowed whether the request may go on (it used one request of the limit)
 * @param retryAfter when the client may try again: zero when allowed, else the time until the
 * bucket holds a request again, rounded up to whole seconds and at least one second, ready for a
 * {@code Retry-After} header
 * @since 0.1.0
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter) {

	private static final RateLimitDecision ALLOWED = new RateLimitDecision(true, Duration.ZERO);

	public RateLimitDecision {
		Assert.notNull(retryAfter, "retryAfter must not be null");
	}

	/**
	 * The request is within the limit.
	 * @return the decision
	 */
	public static RateLimitDecision allow() {
		return ALLOWED;
	}

	/**
	 * The request is over the limit.
	 * @param nanosToWait how long until the bucket holds a request again
	 * @return the decision, with the wait rounded up to whole seconds, at least one
	 */
	public static RateLimitDecision reject(long nanosToWait) {
		long seconds = Math.max(1, (Math.max(0, nanosToWait) + 999_999_999L) / 1_000_000_000L);
		return new RateLimitDecision(false, Duration.ofSeconds(seconds));
	}

}
