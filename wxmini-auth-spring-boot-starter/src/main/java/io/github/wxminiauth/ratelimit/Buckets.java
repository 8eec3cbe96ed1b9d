package io.github.wxminiauth.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The Bucket4j side of a {@link RateLimit}.
 */
final class Buckets {

	private Buckets() {
	}

	static Bandwidth bandwidth(RateLimit limit) {
		return Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build();
	}

	static BucketConfiguration configuration(RateLimit limit) {
		return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
	}

	static RateLimitDecision decision(ConsumptionProbe probe) {
		return probe.isConsumed() ? RateLimitDecision.allow()
				: RateLimitDecision.reject(probe.getNanosToWaitForRefill());
	}

}
