package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BusyRetryPolicy}: how often and how long a busy (-1) call is sent again.
 */
class BusyRetryPolicyTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<Duration> sleeps = new ArrayList<>();

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	private BusyRetryPolicy policy(int retries, Duration firstBackoff) {
		return new BusyRetryPolicy(retries, firstBackoff, this.clock, (duration) -> {
			this.sleeps.add(duration);
			this.clock.advance(duration);
		});
	}

	@Test
	void retriesTheConfiguredNumberOfTimesWithADoublingPause() {
		BusyRetryPolicy.Attempts attempts = policy(3, Duration.ofMillis(10)).start();

		assertThat(attempts.retryAfterBusy("code2Session")).isTrue();
		assertThat(attempts.retryAfterBusy("code2Session")).isTrue();
		assertThat(attempts.retryAfterBusy("code2Session")).isTrue();
		assertThat(attempts.retryAfterBusy("code2Session")).isFalse();
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
	}

	@Test
	void stopsWhenTheNextPauseWouldEndAfterTheOneSecondBudget() {
		BusyRetryPolicy.Attempts attempts = policy(10, Duration.ofMillis(300)).start();

		assertThat(attempts.retryAfterBusy("stable_token")).isTrue();
		assertThat(attempts.retryAfterBusy("stable_token")).isTrue();
		// 300 ms + 600 ms are spent; another 1200 ms would not fit.
		assertThat(attempts.retryAfterBusy("stable_token")).isFalse();
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600));
	}

	@Test
	void timeSpentWaitingForWeChatCountsAgainstTheBudget() {
		BusyRetryPolicy.Attempts attempts = policy(2, Duration.ofMillis(100)).start();
		this.clock.advance(Duration.ofMillis(950));

		assertThat(attempts.retryAfterBusy("code2Session")).isFalse();
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void aPauseThatEndsExactlyAtTheBudgetIsAllowed() {
		BusyRetryPolicy.Attempts attempts = policy(2, Duration.ofMillis(100)).start();
		this.clock.advance(Duration.ofMillis(900));

		assertThat(attempts.retryAfterBusy("code2Session")).isTrue();
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void noRetriesMeansTheBusyReplyIsFinal() {
		assertThat(policy(0, Duration.ofMillis(10)).start().retryAfterBusy("code2Session")).isFalse();
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void everyCallHasItsOwnRetriesAndBudget() {
		BusyRetryPolicy policy = policy(1, Duration.ofMillis(400));
		BusyRetryPolicy.Attempts first = policy.start();
		assertThat(first.retryAfterBusy("code2Session")).isTrue();
		assertThat(first.retryAfterBusy("code2Session")).isFalse();

		BusyRetryPolicy.Attempts second = policy.start();
		assertThat(second.retryAfterBusy("code2Session")).isTrue();
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400));
	}

	@Test
	void elapsedTimeIsMeasuredOnTheConfiguredClock() {
		BusyRetryPolicy.Attempts attempts = policy(2, Duration.ofMillis(10)).start();
		this.clock.advance(Duration.ofMillis(42));

		assertThat(attempts.elapsedMillis()).isEqualTo(42);
	}

	@Test
	void anInterruptedPauseIsUnavailableWithTheBusyErrcodeAndKeepsTheInterrupt() {
		BusyRetryPolicy policy = new BusyRetryPolicy(2, Duration.ofMillis(10), this.clock, (duration) -> {
			throw new InterruptedException();
		});

		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> policy.start().retryAfterBusy("getuserphonenumber"))
			.withMessage("getuserphonenumber was interrupted while waiting to retry")
			.satisfies((ex) -> assertThat(ex.getErrcode()).isEqualTo(-1));
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
	}

}
