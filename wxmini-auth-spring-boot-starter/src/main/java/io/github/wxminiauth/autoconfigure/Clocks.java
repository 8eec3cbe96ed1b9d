package io.github.wxminiauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The one clock of the starter: the application's {@link Clock} bean when it has exactly one (tests
 * move time with it), otherwise the system clock in UTC.
 */
final class Clocks {

	private Clocks() {
	}

	static Clock of(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

}
