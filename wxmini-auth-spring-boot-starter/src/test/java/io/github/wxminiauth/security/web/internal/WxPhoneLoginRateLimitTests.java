package io.github.wxminiauth.security.web.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.wxminiauth.ratelimit.InMemoryRateLimiter;
import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.security.WxAuthenticationException;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.wechat.WxApp;
import org.junit.jupiter.api.Test;

import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link WxPhoneLoginRateLimit}: the phone-binding buckets of one-tap logins.
 */
class WxPhoneLoginRateLimitTests {

	private static final WxApp APP = new WxApp("default", "wx-app", "secret");

	private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(new MutableClock(Instant.EPOCH), 1000);

	private final RateLimit perUser = new RateLimit("phone-user", 2, Duration.ofHours(1));

	private final RateLimit perIp = new RateLimit("phone-ip", 3, Duration.ofHours(1));

	private final WxPhoneLoginRateLimit guard = new WxPhoneLoginRateLimit(this.limiter, this.perUser, this.perIp);

	@Test
	void aUserOverTheirPhoneLimitIsRefused429WithRetryAfter() {
		check("openid-a", "203.0.113.1");
		check("openid-a", "203.0.113.1");
		assertThatExceptionOfType(WxAuthenticationException.class).isThrownBy(() -> check("openid-a", "203.0.113.1"))
			.satisfies((ex) -> {
				assertThat(ex.getError().code()).isEqualTo(WxAuthErrors.RATE_LIMITED);
				assertThat(ex.getError().status().value()).isEqualTo(429);
				assertThat(ex.getError().retryAfter()).isEqualTo(Duration.ofMinutes(30));
			});
	}

	@Test
	void theUserBucketIsTheOneThePhoneEndpointCountsIn() {
		this.limiter.tryConsume(this.perUser, "wx-app:openid-b");
		this.limiter.tryConsume(this.perUser, "wx-app:openid-b");
		assertThatExceptionOfType(WxAuthenticationException.class).isThrownBy(() -> check("openid-b", "203.0.113.2"));
	}

	@Test
	void anAddressOverItsLimitIsRefusedWhateverTheUserAndIpv6CountsBySlash64() {
		check("openid-c1", "2001:db8:1:2::1");
		check("openid-c2", "2001:db8:1:2::2");
		check("openid-c3", "2001:db8:1:2:ffff::3");
		assertThatExceptionOfType(WxAuthenticationException.class)
			.isThrownBy(() -> check("openid-c4", "2001:db8:1:2::4"));
		assertThatNoException().isThrownBy(() -> check("openid-c5", "2001:db8:1:3::5"));
	}

	@Test
	void withoutAnAddressInTheDetailsOnlyTheUserLimitApplies() {
		for (int i = 0; i < 5; i++) {
			WxMiniAuthenticationToken login = WxMiniAuthenticationToken.unauthenticated(APP, "code");
			login.setDetails("not web details");
			this.guard.check(login, new WxIdentity("wx-app", "openid-d" + i, null));
		}
	}

	private void check(String openid, String address) {
		WxMiniAuthenticationToken login = WxMiniAuthenticationToken.unauthenticated(APP, "code")
			.withPhoneCode("phone-code");
		login.setDetails(new WebAuthenticationDetails(address, null));
		this.guard.check(login, new WxIdentity("wx-app", openid, null));
	}

}
