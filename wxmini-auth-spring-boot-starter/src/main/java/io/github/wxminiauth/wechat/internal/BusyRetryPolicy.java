package io.github.wxminiauth.wechat.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.wechat.WxUnavailableException;

import org.springframework.util.Assert;

/**
 * When a call that WeChat answered busy (-1) is sent again: up to a number of retries, after a
 * pause that doubles on each retry, and only while the call stays within {@link #BUDGET} of its
 * start, so that every call answers within the read timeout plus one second. Other errcodes,
 * timeouts and connection failures are never retried here.
 */
final class BusyRetryPolicy {

	/**
	 * Time a call may spend on busy retries.
	 */
	static final Duration BUDGET = Duration.ofSeconds(1);

	private final int retries;

	private final Duration firstBackoff;

	private final Clock clock;

	private final Sleeper sleeper;

	BusyRetryPolicy(int retries, Duration firstBackoff, Clock clock, Sleeper sleeper) {
		Assert.isTrue(retries >= 0, "retries must not be negative");
		Assert.isTrue(!firstBackoff.isNegative(), "firstBackoff must not be negative");
		this.retries = retries;
		this.firstBackoff = firstBackoff;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	/**
	 * Starts the attempts of one call; its budget runs from now, on the configured clock.
	 * @return the attempts
	 */
	Attempts start() {
		return new Attempts(this.clock.millis());
	}

	/**
	 * The attempts of one call.
	 */
	final class Attempts {

		private final long start;

		private int retried;

		private Duration backoff = BusyRetryPolicy.this.firstBackoff;

		private Attempts(long start) {
			this.start = start;
		}

		/**
		 * Time since the call started, for log lines.
		 * @return the elapsed milliseconds on the configured clock
		 */
		long elapsedMillis() {
			return BusyRetryPolicy.this.clock.millis() - this.start;
		}

		/**
		 * After a busy reply: pauses and answers {@code true} when one more attempt is allowed
		 * and its pause still fits in the budget, else answers {@code false} at once.
		 * @param api the API name, for the exception when the pause is interrupted
		 * @return whether to send the call again
		 * @throws WxUnavailableException when the thread is interrupted while pausing
		 */
		boolean retryAfterBusy(String api) {
			if (this.retried >= BusyRetryPolicy.this.retries
					|| elapsedMillis() + this.backoff.toMillis() > BUDGET.toMillis()) {
				return false;
			}
			try {
				BusyRetryPolicy.this.sleeper.sleep(this.backoff);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WxUnavailableException(api, WxErrcodes.BUSY, api + " was interrupted while waiting to retry");
			}
			this.retried++;
			this.backoff = this.backoff.multipliedBy(2);
			return true;
		}

	}

	/**
	 * Pauses before a retry; tests replace it to run without waiting.
	 */
	@FunctionalInterface
	interface Sleeper {

		Sleeper THREAD = (duration) -> TimeUnit.MILLISECONDS.sleep(duration.toMillis());

		void sleep(Duration duration) throws InterruptedException;

	}

}
