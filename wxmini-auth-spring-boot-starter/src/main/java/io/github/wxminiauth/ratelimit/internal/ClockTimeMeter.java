package io.github.wxminiauth.ratelimit.internal;

import java.time.Clock;

import io.github.bucket4j.TimeMeter;

import org.springframework.util.Assert;

/**
 * Bucket4j's time source on the application's {@link Clock}, so that refills can be tested by
 * moving a clock and the buckets of several instances agree on the time.
 */
public final class ClockTimeMeter implements TimeMeter {

	private final Clock clock;

	public ClockTimeMeter(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	@Override
	public long currentTimeNanos() {
		return this.clock.millis() * 1_000_000L;
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
