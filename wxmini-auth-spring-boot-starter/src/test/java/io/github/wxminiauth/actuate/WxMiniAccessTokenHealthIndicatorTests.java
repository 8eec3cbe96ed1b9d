package io.github.wxminiauth.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.accesstoken.internal.CachingAccessTokenProvider;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.internal.ReloadingWxAppRegistry;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WxMiniAccessTokenHealthIndicator}.
 */
class WxMiniAccessTokenHealthIndicatorTests {

	private static final WxApp SHOP = new WxApp("shop", "wx1111111111111111", "shop-secret");

	private static final WxApp GAME = new WxApp("game", "wx2222222222222222", "game-secret");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final Set<String> failingApps = ConcurrentHashMap.newKeySet();

	private int fetches;

	private final WxAppRegistry apps = WxAppRegistry.of(SHOP, GAME);

	private final CachingAccessTokenProvider provider = new CachingAccessTokenProvider(this.apps, new WeChat(),
			new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));

	private final WxMiniAccessTokenHealthIndicator indicator = new WxMiniAccessTokenHealthIndicator(this.apps,
			this.provider);

	@Test
	void withNoAppServedYetTheStatusIsUp() {
		WxAppRegistry none = new ReloadingWxAppRegistry(List.of(), List::of, Duration.ofHours(1));
		CachingAccessTokenProvider provider = new CachingAccessTokenProvider(none, new WeChat(),
				new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));
		Health health = new WxMiniAccessTokenHealthIndicator(none, provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("apps", Map.of());
	}

	@Test
	void beforeAnyFetchEveryAppIsUnknownAndTheStatusIsUp() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(app(health, "shop")).containsExactly(Map.entry("appId", SHOP.appId()), Map.entry("state", "unknown"));
		assertThat(app(health, "game")).containsEntry("state", "unknown");
		assertThat(this.fetches).as("a probe never calls WeChat").isZero();
	}

	@Test
	void detailsShowStateAndExpiryButNeverTheToken() {
		this.provider.getAccessToken(SHOP.appId());
		Health health = this.indicator.health();
		assertThat(app(health, "shop")).containsExactly(Map.entry("appId", SHOP.appId()),
				Map.entry("state", "fresh"), Map.entry("expiresAt", "2026-01-01T02:00:00Z"));
		assertThat(health.toString()).doesNotContain("token-");
		this.clock.advance(Duration.ofSeconds(7200 - 60));
		assertThat(app(this.indicator.health(), "shop")).containsEntry("state", "renewing");
		assertThat(this.fetches).isEqualTo(1);
	}

	@Test
	void oneFailingAppLeavesTheStatusUpAndAllFailingMakesItDown() {
		this.failingApps.add(SHOP.appId());
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.provider.getAccessToken(SHOP.appId()));
		this.provider.getAccessToken(GAME.appId());
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(app(health, "shop")).containsEntry("state", "failing");
		assertThat(app(health, "game")).containsEntry("state", "fresh");

		this.failingApps.add(GAME.appId());
		this.clock.advance(Duration.ofSeconds(7201));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.provider.getAccessToken(GAME.appId()));
		health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(app(health, "game")).containsEntry("state", "failing");

		this.failingApps.clear();
		this.provider.getAccessToken(SHOP.appId());
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void providerOfTheApplicationsOwnIsUnknown() {
		AccessTokenProvider own = new AccessTokenProvider() {

			@Override
			public WxAccessToken getAccessToken(String appId) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void expire(String appId, String failedToken) {
			}

			@Override
			public <T> T execute(String appId, java.util.function.Function<String, T> call) {
				throw new UnsupportedOperationException();
			}

		};
		assertThat(new WxMiniAccessTokenHealthIndicator(this.apps, own).health().getStatus())
			.isEqualTo(Status.UNKNOWN);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> app(Health health, String name) {
		Map<String, Object> apps = (Map<String, Object>) health.getDetails().get("apps");
		return (Map<String, Object>) apps.get(name);
	}

	private final class WeChat implements WxApiClient {

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			WxMiniAccessTokenHealthIndicatorTests.this.fetches++;
			if (WxMiniAccessTokenHealthIndicatorTests.this.failingApps.contains(app.appId())) {
				throw new WxUnavailableException("stable_token", -1, "busy");
			}
			Instant now = WxMiniAccessTokenHealthIndicatorTests.this.clock.instant();
			return new WxAccessToken("token-" + app.name(), now, now.plusSeconds(7200));
		}

		@Override
		public WxSession code2Session(WxApp app, String code) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			throw new UnsupportedOperationException();
		}

	}

}
