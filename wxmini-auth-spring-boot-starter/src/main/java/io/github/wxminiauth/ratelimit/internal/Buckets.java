package io.github.wxminiauth.ratelimit.internal;

import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimitDecision;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The Bucket4j side of a {@link RateLimit}, shared by the in-memory and the Redis limiter.
 */
public final class Buckets {

	private Buckets() {
	}

	public static Bandwidth bandwidth(RateLimit limit) {
		return Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
	}

	public static BucketConfiguration configuration(RateLimit limit) {
		return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
	}

	public static RateLimitDecision decision(ConsumptionProbe probe) {
		return probe.isConsumed() ? RateLimitDecision.allow()
				: RateLimitDecision.reject(probe.getNanosToWaitForRefill());
	}

}
