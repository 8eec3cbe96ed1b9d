package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The token service with apps of their own token lifetimes, in a registry that changes while it
 * runs.
 */
class WxTokenServicePerAppTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final Duration ACCESS_TTL = Duration.ofHours(2);

	private static final Duration REFRESH_TTL = Duration.ofDays(30);

	private static final WxApp SHOP = new WxApp("shop", "wx-shop", "shop-secret", Duration.ofMinutes(30),
			Duration.ofDays(7));

	private static final WxApp GAME = new WxApp("game", "wx-game", "game-secret");

	private static final WxUserDetails SHOPPER = new WxUserDetails("wx-shop", "o-shopper", null, null, List.of());

	private static final WxUserDetails PLAYER = new WxUserDetails("wx-game", "o-player", null, null, List.of());

	private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T08:00:00Z"));

	private final AccessJwtCodec codec = AccessJwtCodec.hs256(KEY, "wxmini-auth", Duration.ofSeconds(60), this.clock);

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock);

	private final WxTokenServiceTests.TestUsers users = new WxTokenServiceTests.TestUsers();

	private final ChangingApps apps = new ChangingApps(SHOP, GAME);

	private final WxTokenService service = new WxTokenService(this.codec, this.store, this.users, this.apps,
			this.clock, ACCESS_TTL, REFRESH_TTL);

	WxTokenServicePerAppTests() {
		this.users.put(SHOPPER);
		this.users.put(PLAYER);
	}

	@Test
	void eachAppsTokensLiveAsLongAsItsOwnLifetimesOrElseTheGlobalOnes() {
		IssuedTokens shop = this.service.login(SHOPPER);
		IssuedTokens game = this.service.login(PLAYER);

		assertThat(shop.accessTokenExpiresIn()).isEqualTo(Duration.ofMinutes(30));
		assertThat(shop.refreshTokenExpiresIn()).isEqualTo(Duration.ofDays(7));
		assertThat(this.service.verify(shop.accessToken()).expiresAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
		assertThat(game.accessTokenExpiresIn()).isEqualTo(ACCESS_TTL);
		assertThat(game.refreshTokenExpiresIn()).isEqualTo(REFRESH_TTL);
		assertThat(this.store.liveSessions("wx-shop", "o-shopper")).singleElement()
			.satisfies((info) -> assertThat(info.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofDays(7))));
	}

	@Test
	void aRefreshRotatesToTheLifetimesTheAppHasThen() {
		IssuedTokens login = this.service.login(SHOPPER);
		this.clock.advance(Duration.ofDays(6));

		IssuedTokens first = this.service.refresh(login.refreshToken());
		assertThat(first.refreshTokenExpiresIn()).isEqualTo(Duration.ofDays(7));
		assertThat(first.accessTokenExpiresIn()).isEqualTo(Duration.ofMinutes(30));

		this.apps.put(SHOP.withTokenTtls(Duration.ofMinutes(10), Duration.ofDays(1)));
		IssuedTokens second = this.service.refresh(first.refreshToken());
		assertThat(second.refreshTokenExpiresIn()).isEqualTo(Duration.ofDays(1));
		assertThat(second.accessTokenExpiresIn()).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.service.verify(second.accessToken()).expiresAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));

		this.clock.advance(Duration.ofDays(1));
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(second.refreshToken()))
			.withMessage("refresh token expired");
	}

	@Test
	void anAccessTokenLifetimeBeyondTheMostIsCutDownToIt() {
		this.service.setMaxAccessTokenTtl(Duration.ofHours(4));
		this.apps.put(SHOP.withTokenTtls(Duration.ofDays(1), null));

		IssuedTokens shop = this.service.login(SHOPPER);
		assertThat(shop.accessTokenExpiresIn()).isEqualTo(Duration.ofHours(4));
		assertThat(shop.refreshTokenExpiresIn()).isEqualTo(REFRESH_TTL);
	}

	@Test
	void theTokensOfAnAppNoLongerServedAreRefusedAndComeBackWithIt() {
		IssuedTokens shop = this.service.login(SHOPPER);
		IssuedTokens game = this.service.login(PLAYER);

		this.apps.remove(SHOP.appId());
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(shop.accessToken()));
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(shop.refreshToken()))
			.withMessageContaining("no longer served");
		assertThat(this.service.verify(game.accessToken()).principal().appId()).isEqualTo("wx-game");

		// The refused refresh spent nothing: served again, the session goes on, not taken for theft.
		this.apps.put(SHOP);
		assertThat(this.service.refresh(shop.refreshToken()).session()).isEqualTo(shop.session());
	}

	@Test
	void aSessionIsRevokedUntilEveryTokenOfItsAppExpired() {
		WxApp longLived = new WxApp("vault", "wx-vault", "vault-secret", Duration.ofHours(1), Duration.ofDays(90));
		this.apps.put(longLived);
		WxUserDetails keeper = new WxUserDetails("wx-vault", "o-keeper", null, null, List.of());
		this.users.put(keeper);
		IssuedTokens tokens = this.service.login(keeper);

		this.service.logout(tokens.session());
		this.clock.advance(Duration.ofDays(89));
		assertThat(this.store.isSessionRevoked(tokens.session().sessionId())).isTrue();
	}

	@Test
	void aReusedTokenRevokesItsSessionAsLongAsItsOwnAppsTokensLiveWithoutWalkingEveryApp() {
		this.apps.put(new WxApp("vault", "wx-vault", "vault-secret", Duration.ofHours(1), Duration.ofDays(90)));
		IssuedTokens login = this.service.login(SHOPPER);
		this.service.refresh(login.refreshToken());
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()))
			.withMessageContaining("reused");
		assertThat(this.apps.walks).as("a refresh looks up its own app only").hasValue(0);

		this.clock.advance(Duration.ofDays(7).minusSeconds(1));
		assertThat(this.store.isSessionRevoked(login.session().sessionId())).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.isSessionRevoked(login.session().sessionId()))
			.as("every token of the shop's has expired; the vault's 90 days do not matter")
			.isFalse();
	}

	/** A registry whose apps change while the service runs, as one over a database's does. */
	static final class ChangingApps implements WxAppRegistry {

		private final Map<String, WxApp> apps = new ConcurrentHashMap<>();

		/** How often every app was asked for. */
		final AtomicInteger walks = new AtomicInteger();

		ChangingApps(WxApp... apps) {
			for (WxApp app : apps) {
				put(app);
			}
		}

		void put(WxApp app) {
			this.apps.put(app.appId(), app);
		}

		void remove(String appId) {
			this.apps.remove(appId);
		}

		@Override
		public @Nullable WxApp find(@Nullable String appId) {
			return (appId != null) ? this.apps.get(appId) : null;
		}

		@Override
		public Collection<WxApp> apps() {
			this.walks.incrementAndGet();
			return List.copyOf(this.apps.values());
		}

	}

}
