package io.github.wxminiauth.ratelimit;

import io.github.wxminiauth.ratelimit.internal.Buckets;
import io.github.wxminiauth.ratelimit.internal.ClockTimeMeter;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * A {@link RateLimiter} in the memory of this instance: one Bucket4j bucket per limit and client.
 * <p>
 * Memory stays bounded. A bucket left alone for its limit's period is full again, so forgetting it
 * changes nothing: such buckets are swept out once a minute and whenever the number of buckets
 * reaches its maximum. If the maximum is still reached after that (a flood from very many
 * addresses), buckets are dropped regardless; a dropped bucket only ever starts full again, so the
 * limiter errs on the side of letting requests through rather than growing without bound.
 *
 * @since 0.1.0
 */
public final class InMemoryRateLimiter implements RateLimiter {

	/** Default maximum number of buckets kept at once. */
	public static final int DEFAULT_MAX_BUCKETS = 100_000;

	private static final Log logger = LogFactory.getLog(InMemoryRateLimiter.class);

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private final ConcurrentMap<String, Entry> buckets = new ConcurrentHashMap<>();

	private final ReentrantLock sweepLock = new ReentrantLock();

	private final Clock clock;

	private final ClockTimeMeter timeMeter;

	private final int maxBuckets;

	private volatile long nextSweepMillis;

	/**
	 * Creates a limiter.
	 * @param clock the clock the buckets refill by
	 * @param maxBuckets the most buckets kept at once
	 */
	public InMemoryRateLimiter(Clock clock, int maxBuckets) {
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(maxBuckets > 0, "maxBuckets must be positive");
		this.clock = clock;
		this.timeMeter = new ClockTimeMeter(clock);
		this.maxBuckets = maxBuckets;
		this.nextSweepMillis = clock.millis() + SWEEP_INTERVAL.toMillis();
	}

	@Override
	public RateLimitDecision tryConsume(RateLimit limit, String client) {
		Assert.notNull(limit, "limit must not be null");
		Assert.notNull(client, "client must not be null");
		long now = this.clock.millis();
		if (now >= this.nextSweepMillis || this.buckets.size() >= this.maxBuckets) {
			sweep(now);
		}
		Entry entry = this.buckets.computeIfAbsent(limit.name() + ":" + client, (key) -> newEntry(limit));
		entry.lastUsedMillis = now;
		return Buckets.decision(entry.bucket.tryConsumeAndReturnRemaining(1));
	}

	/**
	 * The number of buckets kept, for tests and monitoring.
	 * @return the number of buckets
	 */
	public int size() {
		return this.buckets.size();
	}

	private Entry newEntry(RateLimit limit) {
		LocalBucket bucket = Bucket.builder()
			.addLimit(Buckets.bandwidth(limit))
			.withCustomTimePrecision(this.timeMeter)
			.build();
		return new Entry(bucket, limit.period().toMillis(), this.clock.millis());
	}

	private void sweep(long now) {
		// One sweeper at a time; the others go on counting instead of queueing behind it.
		if (!this.sweepLock.tryLock()) {
			return;
		}
		try {
			this.nextSweepMillis = now + SWEEP_INTERVAL.toMillis();
			this.buckets.values().removeIf((entry) -> now - entry.lastUsedMillis >= entry.refillMillis);
			// Make room for a tenth more, so that a flood does not sweep on every request.
			int excess = this.buckets.size() - this.maxBuckets + Math.max(1, this.maxBuckets / 10);
			if (excess > 0) {
				logger.warn(LogMessage.format("%d rate-limit buckets are in use (the most kept at once is %d): "
						+ "forgetting %d of them, which start full again", this.buckets.size(), this.maxBuckets,
						excess));
				Iterator<Map.Entry<String, Entry>> iterator = this.buckets.entrySet().iterator();
				while (excess-- > 0 && iterator.hasNext()) {
					iterator.next();
					iterator.remove();
				}
			}
		}
		finally {
			this.sweepLock.unlock();
		}
	}

	@Override
	public String toString() {
		return "InMemoryRateLimiter[buckets=" + this.buckets.size() + ", maxBuckets=" + this.maxBuckets + "]";
	}

	private static final class Entry {

		final LocalBucket bucket;

		final long refillMillis;

		volatile long lastUsedMillis;

		Entry(LocalBucket bucket, long refillMillis, long lastUsedMillis) {
			this.bucket = bucket;
			this.refillMillis = refillMillis;
			this.lastUsedMillis = lastUsedMillis;
		}

	}

}
