package io.github.wxminiauth.accesstoken.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.internal.StaticWxAppRegistry;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CachingAccessTokenProvider} over a registry whose apps change at runtime.
 */
class CachingAccessTokenProviderAppChangesTests {

	private static final WxApp SHOP = new WxApp("shop", "wx-shop", "shop-secret-1");

	private static final WxApp GAME = new WxApp("game", "wx-game", "game-secret");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SecretRecordingWeChat weChat = new SecretRecordingWeChat(this.clock);

	private volatile WxAppRegistry apps = WxAppRegistry.of(SHOP, GAME);

	private final CachingAccessTokenProvider provider = new CachingAccessTokenProvider(new WxAppRegistry() {

		@Override
		public @Nullable WxApp find(@Nullable String appId) {
			return CachingAccessTokenProviderAppChangesTests.this.apps.find(appId);
		}

		@Override
		public Collection<WxApp> apps() {
			return CachingAccessTokenProviderAppChangesTests.this.apps.apps();
		}

	}, this.weChat, new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));

	@Test
	void aNewSecretIsUsedFromTheNextFetchAndTheOldSecretsTokenIsDroppedOnce() {
		assertThat(this.provider.getAccessToken("wx-shop").value()).isEqualTo("wx-shop-token-1");
		assertThat(this.provider.getAccessToken("wx-game").value()).isEqualTo("wx-game-token-2");

		this.apps = new StaticWxAppRegistry(List.of(SHOP.withSecret("shop-secret-2"), GAME));
		assertThat(this.provider.getAccessToken("wx-shop").value()).isEqualTo("wx-shop-token-3");
		assertThat(this.provider.getAccessToken("wx-shop").value()).as("dropped once, then cached again")
			.isEqualTo("wx-shop-token-3");
		assertThat(this.provider.getAccessToken("wx-game").value()).as("the other app keeps its token")
			.isEqualTo("wx-game-token-2");
		assertThat(this.weChat.fetchedWith).containsExactly("wx-shop:shop-secret-1", "wx-game:game-secret",
				"wx-shop:shop-secret-2");
	}

	@Test
	void changedLifetimesAloneKeepTheCachedToken() {
		this.provider.getAccessToken("wx-shop");
		this.apps = WxAppRegistry.of(SHOP.withTokenTtls(Duration.ofMinutes(5), Duration.ofDays(1)), GAME);
		assertThat(this.provider.getAccessToken("wx-shop").value()).isEqualTo("wx-shop-token-1");
		assertThat(this.weChat.fetchedWith).hasSize(1);
	}

	@Test
	void anAppNoLongerServedGetsNoTokenAndServedAgainUsesItsCurrentSecret() {
		this.provider.getAccessToken("wx-shop");
		this.apps = WxAppRegistry.of(GAME);
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.getAccessToken("wx-shop"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.status("wx-shop"));

		this.apps = WxAppRegistry.of(SHOP.withSecret("shop-secret-3"), GAME);
		assertThat(this.provider.getAccessToken("wx-shop").value()).isEqualTo("wx-shop-token-2");
		assertThat(this.weChat.fetchedWith).containsExactly("wx-shop:shop-secret-1", "wx-shop:shop-secret-3");
	}

	/** A WeChat that numbers its tokens and records which secret each fetch used. */
	static final class SecretRecordingWeChat implements WxApiClient {

		final List<String> fetchedWith = new CopyOnWriteArrayList<>();

		private final MutableClock clock;

		SecretRecordingWeChat(MutableClock clock) {
			this.clock = clock;
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			this.fetchedWith.add(app.appId() + ":" + app.appSecret());
			Instant now = this.clock.instant();
			return new WxAccessToken(app.appId() + "-token-" + this.fetchedWith.size(), now,
					now.plus(Duration.ofHours(2)));
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
