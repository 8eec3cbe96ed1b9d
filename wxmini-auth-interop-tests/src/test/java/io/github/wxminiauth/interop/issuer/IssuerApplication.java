package io.github.wxminiauth.interop.issuer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application that issues tokens: nothing but the wxmini starter, and a clock tests can set
 * back to issue a token that has already expired.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class IssuerApplication {

	@Bean
	SettableClock clock() {
		return new SettableClock();
	}

	/**
	 * The system clock, shifted by an offset a test sets.
	 */
	public static final class SettableClock extends Clock {

		private volatile Duration offset = Duration.ZERO;

		public void shift(Duration offset) {
			this.offset = offset;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

	}

}
