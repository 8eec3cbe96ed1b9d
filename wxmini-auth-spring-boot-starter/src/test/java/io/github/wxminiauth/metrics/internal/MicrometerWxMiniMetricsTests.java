package io.github.wxminiauth.metrics.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.wxminiauth.accesstoken.AccessTokenFetchListener.Reason;
import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitKey;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitedEndpoint;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MicrometerWxMiniMetrics} and {@link MeteredWxApiClient}.
 */
class MicrometerWxMiniMetricsTests {

	private static final WxApp APP = new WxApp("shop", "wx1234567890abcdef", "the-app-secret");

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final MicrometerWxMiniMetrics metrics = new MicrometerWxMiniMetrics(this.registry);

	@Test
	void loginsAreCountedByOutcomeAndNewUser() {
		this.metrics.login(WxMiniMetrics.OUTCOME_SUCCESS, true);
		this.metrics.login(WxMiniMetrics.OUTCOME_SUCCESS, false);
		this.metrics.login(WxMiniMetrics.OUTCOME_SUCCESS, false);
		this.metrics.login(WxAuthErrors.INVALID_CODE, false);
		this.metrics.login("o_some_openid_that_must_not_become_a_tag", false);
		assertThat(count("wxmini.logins", "outcome", "success", "new_user", "true")).isEqualTo(1);
		assertThat(count("wxmini.logins", "outcome", "success", "new_user", "false")).isEqualTo(2);
		assertThat(count("wxmini.logins", "outcome", "invalid_code", "new_user", "false")).isEqualTo(1);
		assertThat(count("wxmini.logins", "outcome", "other", "new_user", "false")).isEqualTo(1);
		assertThat(this.registry.find("wxmini.logins").counters()).hasSize(4);
	}

	@Test
	void rotationOutcomesAreRegisteredUpFrontAndCounted() {
		assertThat(this.registry.find("wxmini.refresh-token.rotations").counters()).hasSize(5);
		this.metrics.refreshTokenRotated(RotationResult.Outcome.ROTATED);
		this.metrics.refreshTokenRotated(RotationResult.Outcome.REUSED);
		this.metrics.refreshTokenRotated(RotationResult.Outcome.REUSED);
		assertThat(count("wxmini.refresh-token.rotations", "outcome", "rotated")).isEqualTo(1);
		assertThat(count("wxmini.refresh-token.rotations", "outcome", "reused")).isEqualTo(2);
		assertThat(count("wxmini.refresh-token.rotations", "outcome", "unknown")).isZero();
	}

	@Test
	void accessTokenFetchesAreCountedByAppNameOutcomeAndReason() {
		this.metrics.accessTokenFetched(APP, Reason.COLD, true);
		this.metrics.accessTokenFetched(APP, Reason.INVALIDATED, false);
		this.metrics.accessTokenFetched(APP, Reason.INVALIDATED, true);
		assertThat(count("wxmini.access-token.fetches", "app", "shop", "outcome", "success", "reason", "cold"))
			.isEqualTo(1);
		assertThat(count("wxmini.access-token.fetches", "app", "shop", "outcome", "failure", "reason",
				"invalidated"))
			.isEqualTo(1);
		assertThat(count("wxmini.access-token.fetches", "app", "shop", "outcome", "success", "reason",
				"invalidated"))
			.isEqualTo(1);
		assertThat(this.registry.find("wxmini.access-token.fetches").tag("app", APP.appId()).counters()).isEmpty();
	}

	@Test
	void rateLimitRejectionsAreCountedByEndpointAndKey() {
		this.metrics.rateLimited(RateLimitedEndpoint.LOGIN, RateLimitKey.IP);
		this.metrics.rateLimited(RateLimitedEndpoint.LOGIN, RateLimitKey.IP);
		this.metrics.rateLimited(RateLimitedEndpoint.PHONE, RateLimitKey.USER);
		assertThat(count("wxmini.rate-limit.rejections", "endpoint", "login", "key", "ip")).isEqualTo(2);
		assertThat(count("wxmini.rate-limit.rejections", "endpoint", "phone", "key", "user")).isEqualTo(1);
		assertThat(this.registry.find("wxmini.rate-limit.rejections").counters()).hasSize(2);
	}

	@Test
	void weChatCallsAreTimedByApiOutcomeAndErrcode() {
		WxApiClient client = this.metrics.instrument(new SlowClient(this.clock, Duration.ofMillis(150)));
		client.fetchStableAccessToken(APP);
		assertThatExceptionOfType(WxInvalidCodeException.class).isThrownBy(() -> client.code2Session(APP, "40029"));
		assertThatExceptionOfType(WxUnavailableException.class).isThrownBy(() -> client.code2Session(APP, "99999"));
		assertThatExceptionOfType(WxUnavailableException.class).isThrownBy(() -> client.code2Session(APP, "timeout"));
		assertThatIllegalStateException().isThrownBy(() -> client.code2Session(APP, "bug"));
		client.getPhoneNumber(APP, "token", "code", null);

		Timer stableToken = timer("api", "stable_token", "outcome", "success", "errcode", "0");
		assertThat(stableToken.count()).isEqualTo(1);
		assertThat(stableToken.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
		assertThat(timer("api", "code2Session", "outcome", "invalid_code", "errcode", "40029").count()).isEqualTo(1);
		assertThat(timer("api", "code2Session", "outcome", "unavailable", "errcode", "other").count()).isEqualTo(1);
		assertThat(timer("api", "code2Session", "outcome", "unavailable", "errcode", "none").count()).isEqualTo(1);
		assertThat(timer("api", "code2Session", "outcome", "error", "errcode", "none").count()).isEqualTo(1);
		assertThat(timer("api", "getuserphonenumber", "outcome", "success", "errcode", "0").count()).isEqualTo(1);
		assertThat(this.registry.find("wxmini.wechat.calls").timers()).hasSize(6);
	}

	@Test
	void meteredClientDelegatesEveryMethodOfTheClientInterface() throws Exception {
		// A method added to WxApiClient (a default one included) must be delegated, not inherited.
		for (Method method : WxApiClient.class.getMethods()) {
			if (!Modifier.isStatic(method.getModifiers())) {
				Method declared = MeteredWxApiClient.class.getDeclaredMethod(method.getName(),
						method.getParameterTypes());
				assertThat(declared.getDeclaringClass()).isEqualTo(MeteredWxApiClient.class);
			}
		}
	}

	@Test
	void closingTheMeteredClientClosesTheClientItWraps() throws Exception {
		SlowClient delegate = new SlowClient(this.clock, Duration.ZERO);
		((AutoCloseable) this.metrics.instrument(delegate)).close();
		assertThat(delegate.closed).isTrue();
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	private Timer timer(String... tags) {
		return this.registry.get("wxmini.wechat.calls").tags(tags).timer();
	}

	/**
	 * A WeChat whose calls take a set time on the mock clock; the code chooses the failure.
	 */
	private static final class SlowClient implements WxApiClient, AutoCloseable {

		private final MockClock clock;

		private final Duration latency;

		boolean closed;

		SlowClient(MockClock clock, Duration latency) {
			this.clock = clock;
			this.latency = latency;
		}

		@Override
		public WxSession code2Session(WxApp app, String code) {
			return take(() -> {
				if (code.equals("40029")) {
					throw new WxInvalidCodeException("code2Session", 40029, "invalid code");
				}
				if (code.equals("99999")) {
					throw new WxUnavailableException("code2Session", 99999, "something new");
				}
				if (code.equals("timeout")) {
					throw new WxUnavailableException("code2Session", null, "timed out");
				}
				throw new IllegalStateException("bug");
			});
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			return take(() -> new WxAccessToken("token", Instant.EPOCH, Instant.EPOCH.plusSeconds(7200)));
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			return take(() -> new PhoneNumber("13800138000", "13800138000", "86"));
		}

		private <T> T take(Supplier<T> result) {
			this.clock.add(this.latency);
			return result.get();
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
