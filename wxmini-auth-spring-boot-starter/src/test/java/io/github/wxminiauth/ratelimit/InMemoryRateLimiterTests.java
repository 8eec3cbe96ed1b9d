package io.github.wxminiauth.ratelimit;

import java.time.Duration;
import java.time.Instant;

import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in memory: bursts, refill by the clock, independence of clients, bounded memory.
 */
class InMemoryRateLimiterTests {

	private static final RateLimit THREE_PER_MINUTE = new RateLimit("test", 3, Duration.ofMinutes(1));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(this.clock, 1000);

	@Test
	void allowsABurstOfTheCapacityThenRejectsWithTheTimeUntilTheNextRequest() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
		}
		RateLimitDecision rejected = this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		assertThat(rejected.allowed()).isFalse();
		// One request comes back every 20 seconds.
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void refillsAsTheClockMoves() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		}
		this.clock.advance(Duration.ofSeconds(19));
		RateLimitDecision almost = this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		assertThat(almost.allowed()).isFalse();
		assertThat(almost.retryAfter()).isEqualTo(Duration.ofSeconds(1));

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
		assertThat(this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isFalse();
	}

	@Test
	void clientsAndLimitsHaveBucketsOfTheirOwn() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		}
		assertThat(this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isFalse();
		assertThat(this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.2").allowed()).isTrue();
		assertThat(this.limiter.tryConsume(new RateLimit("other", 3, Duration.ofMinutes(1)), "10.0.0.1").allowed())
			.isTrue();
	}

	@Test
	void retryAfterIsAtLeastOneSecond() {
		RateLimit fast = new RateLimit("fast", 1000, Duration.ofSeconds(1));
		for (int i = 0; i < 1000; i++) {
			this.limiter.tryConsume(fast, "10.0.0.1");
		}
		RateLimitDecision rejected = this.limiter.tryConsume(fast, "10.0.0.1");
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void idleBucketsAreForgottenOnceTheyWouldBeFullAgain() {
		for (int i = 0; i < 50; i++) {
			this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.1." + i);
		}
		assertThat(this.limiter.size()).isEqualTo(50);
		this.clock.advance(Duration.ofMinutes(1));
		this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.2.1");
		assertThat(this.limiter.size()).isEqualTo(1);
	}

	@Test
	void aFloodOfClientsNeverKeepsMoreThanTheMaximumOfBuckets() {
		InMemoryRateLimiter small = new InMemoryRateLimiter(this.clock, 100);
		for (int i = 0; i < 10_000; i++) {
			small.tryConsume(THREE_PER_MINUTE, "client-" + i);
			assertThat(small.size()).isLessThanOrEqualTo(100);
		}
	}

	@Test
	void aBucketInUseSurvivesTheSweep() {
		for (int i = 0; i < 3; i++) {
			this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		}
		this.clock.advance(Duration.ofSeconds(59));
		this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		this.clock.advance(Duration.ofSeconds(2));
		// The sweep runs now: the bucket was used within its period and is kept (not full again).
		this.limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.9");
		assertThat(this.limiter.size()).isEqualTo(2);
	}

}
