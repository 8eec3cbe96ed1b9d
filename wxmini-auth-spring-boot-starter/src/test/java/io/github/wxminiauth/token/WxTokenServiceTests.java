package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.test.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WxTokenServiceTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final Duration ACCESS_TTL = Duration.ofHours(2);

	private static final Duration REFRESH_TTL = Duration.ofDays(30);

	private static final WxUserDetails USER = new WxUserDetails("wx123", "o-openid", null, null, List.of("ROLE_USER"));

	private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T08:00:00Z"));

	private final AccessJwtCodec codec = AccessJwtCodec.hs256(KEY, "wxmini-auth", Duration.ofSeconds(60), this.clock);

	private final RecordingStore store = new RecordingStore(new InMemoryRefreshTokenStore(this.clock));

	private final TestUsers users = new TestUsers();

	private final WxTokenService service = new WxTokenService(this.codec, this.store, this.users,
			WxAppRegistry.of(new WxApp("default", "wx123", "secret")), this.clock, ACCESS_TTL, REFRESH_TTL);

	WxTokenServiceTests() {
		this.users.put(USER);
	}

	@Test
	void loginIssuesAnAccessTokenAndARefreshTokenOfANewSession() {
		IssuedTokens tokens = this.service.login(USER);
		assertThat(tokens.accessTokenExpiresIn()).isEqualTo(ACCESS_TTL);
		assertThat(tokens.refreshTokenExpiresIn()).isEqualTo(REFRESH_TTL);
		// The app (base64url), the user's tag, then 32 random bytes.
		assertThat(tokens.refreshToken()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}")
			.startsWith(base64Url("wx123") + "." + UserTag.of("wx123", "o-openid") + ".");
		assertThat(tokens.session().sessionId()).startsWith(UserTag.of("wx123", "o-openid") + ".");
		assertThat(tokens.user()).isEqualTo(USER);
		VerifiedAccessToken verified = this.service.verify(tokens.accessToken());
		assertThat(verified.principal()).isEqualTo(tokens.session());
		assertThat(verified.principal().openid()).isEqualTo("o-openid");
		assertThat(verified.principal().appId()).isEqualTo("wx123");
		assertThat(verified.authorities()).containsExactly("ROLE_USER");
		assertThat(verified.expiresAt()).isEqualTo(this.clock.instant().plus(ACCESS_TTL));
	}

	@Test
	void sessionIdsAndTokenIdsAreRandomAndAtLeast128Bits() {
		IssuedTokens first = this.service.login(USER);
		IssuedTokens second = this.service.login(USER);
		DecodedJWT a = JWT.decode(first.accessToken());
		DecodedJWT b = JWT.decode(second.accessToken());
		assertThat(a.getClaim("sid").asString()).isNotEqualTo(b.getClaim("sid").asString());
		assertThat(a.getId()).isNotEqualTo(b.getId());
		// A session id is the user's tag, then its random part.
		String sid = a.getClaim("sid").asString();
		assertThat(sid).startsWith(UserTag.of("wx123", "o-openid") + ".");
		for (String id : List.of(sid.substring(UserTag.LENGTH + 1), a.getId())) {
			assertThat(id).matches("[A-Za-z0-9_-]+");
			assertThat(Base64.getUrlDecoder().decode(id)).hasSizeGreaterThanOrEqualTo(16);
		}
		assertThat(first.refreshToken()).isNotEqualTo(second.refreshToken());
	}

	@Test
	void refreshIssuesNewTokensInTheSameSessionAndSpendsTheOldRefreshToken() {
		IssuedTokens login = this.service.login(USER);
		this.clock.advance(Duration.ofMinutes(10));
		IssuedTokens refreshed = this.service.refresh(login.refreshToken());
		assertThat(refreshed.session().sessionId()).isEqualTo(login.session().sessionId());
		assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
		assertThat(refreshed.accessToken()).isNotEqualTo(login.accessToken());
		assertThat(this.service.verify(refreshed.accessToken()).expiresAt())
			.isEqualTo(this.clock.instant().plus(ACCESS_TTL));
		IssuedTokens again = this.service.refresh(refreshed.refreshToken());
		assertThat(again.session().sessionId()).isEqualTo(login.session().sessionId());
	}

	@Test
	void reusingASpentRefreshTokenRevokesTheWholeSession() {
		IssuedTokens login = this.service.login(USER);
		IssuedTokens second = this.service.refresh(login.refreshToken());
		IssuedTokens third = this.service.refresh(second.refreshToken());
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()))
			.withMessage("refresh token reused; session revoked");
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(third.refreshToken()));
		for (IssuedTokens tokens : List.of(login, second, third)) {
			assertThatExceptionOfType(InvalidAccessTokenException.class)
				.isThrownBy(() -> this.service.verify(tokens.accessToken()));
		}
	}

	@Test
	void reuseDoesNotEndOtherSessionsOfTheSameUser() {
		IssuedTokens phone = this.service.login(USER);
		IssuedTokens tablet = this.service.login(USER);
		this.service.refresh(phone.refreshToken());
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(phone.refreshToken()));
		assertThat(this.service.verify(tablet.accessToken()).principal()).isEqualTo(tablet.session());
		assertThat(this.service.refresh(tablet.refreshToken()).refreshToken()).isNotNull();
	}

	@Test
	void logoutRejectsTheSessionsAccessAndRefreshTokens() {
		IssuedTokens login = this.service.login(USER);
		VerifiedAccessToken verified = this.service.verify(login.accessToken());
		this.service.logout(verified.principal());
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(login.accessToken()))
			.withMessage("session revoked");
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()));
	}

	@Test
	void logoutRevocationOutlivesEveryTokenOfTheSession() {
		IssuedTokens login = this.service.login(USER);
		this.service.logout(login.session());
		this.clock.advance(REFRESH_TTL.minusSeconds(1));
		assertThat(this.store.isSessionRevoked(login.session().sessionId())).isTrue();
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()));
	}

	@Test
	void refreshIssuesTheUsersCurrentAuthoritiesAndUnionid() {
		IssuedTokens login = this.service.login(USER);
		this.users.put(new WxUserDetails("wx123", "o-openid", "u-unionid", "+86 13800138000",
				List.of("ROLE_USER", "PHONE_VERIFIED")));
		IssuedTokens refreshed = this.service.refresh(login.refreshToken());
		VerifiedAccessToken verified = this.service.verify(refreshed.accessToken());
		assertThat(verified.authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(verified.principal().unionid()).isEqualTo("u-unionid");
		assertThat(verified.principal().sessionId()).isEqualTo(login.session().sessionId());
		assertThat(refreshed.user().isPhoneBound()).isTrue();
	}

	@Test
	void refreshOfAUserWhoNoLongerExistsIsRejectedAndEndsTheSession() {
		IssuedTokens login = this.service.login(USER);
		this.users.remove(USER);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()))
			.withMessage("user no longer exists");
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(login.accessToken()));
	}

	@Test
	void refreshOfAnExpiredRefreshTokenIsRejected() {
		IssuedTokens login = this.service.login(USER);
		this.clock.advance(REFRESH_TTL);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken()))
			.withMessage("refresh token expired");
	}

	@Test
	void refreshOfAnUnknownRefreshTokenIsRejected() {
		String unknown = base64Url("wx123") + "." + UserTag.of("wx123", "o-openid") + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
		assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> this.service.refresh(unknown))
			.withMessage("unknown refresh token");
		assertThat(this.store.rotations).hasSize(1);
	}

	@Test
	void aRefreshTokenWhoseAppOrTagWasChangedIsUnknown() {
		WxTokenService twoApps = new WxTokenService(this.codec, this.store, this.users,
				WxAppRegistry.of(new WxApp("default", "wx123", "secret"), new WxApp("other", "wx456", "secret")),
				this.clock, ACCESS_TTL, REFRESH_TTL);
		IssuedTokens login = twoApps.login(USER);
		String[] parts = login.refreshToken().split("\\.");
		String otherApp = base64Url("wx456") + "." + parts[1] + "." + parts[2];
		String otherUser = parts[0] + "." + UserTag.of("wx123", "o-someone-else") + "." + parts[2];
		for (String forged : List.of(otherApp, otherUser)) {
			assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> twoApps.refresh(forged))
				.withMessage("unknown refresh token");
		}
		assertThat(twoApps.refresh(login.refreshToken()).session()).as("the genuine token is unspent")
			.isEqualTo(login.session());
	}

	@Test
	void aRefreshTokenOfTheWrongShapeIsRejectedWithoutAskingTheStore() {
		IssuedTokens login = this.service.login(USER);
		String[] parts = login.refreshToken().split("\\.");
		List<String> malformed = List.of(parts[1] + "." + parts[2], // no app
				"." + parts[1] + "." + parts[2], // an empty app
				"!!!." + parts[1] + "." + parts[2], // not base64url
				base64Url(" ") + "." + parts[1] + "." + parts[2], // a blank app
				Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] { (byte) 0xC3 }) + "." + parts[1] + "."
						+ parts[2], // not UTF-8
				parts[0] + "." + parts[1].substring(1) + "." + parts[2], // a short tag
				parts[0] + "." + parts[1] + "." + parts[2] + "A", // a long secret
				parts[0] + "." + parts[1] + "." + parts[2].substring(1) + ".", // a fourth part
				"A".repeat(200) + "." + parts[1] + "." + parts[2]); // oversized
		for (String token : malformed) {
			assertThatExceptionOfType(InvalidGrantException.class).as(token)
				.isThrownBy(() -> this.service.refresh(token))
				.withMessage("malformed refresh token");
		}
		assertThat(this.store.rotations).isEmpty();
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void anAccessTokenPresentedAsARefreshTokenIsRejectedWithoutAskingTheStore() {
		IssuedTokens login = this.service.login(USER);
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.accessToken()))
			.withMessage("malformed refresh token");
		assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> this.service.refresh(null));
		assertThatExceptionOfType(InvalidGrantException.class).isThrownBy(() -> this.service.refresh(""));
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken().substring(1) + "="));
		assertThatExceptionOfType(InvalidGrantException.class)
			.isThrownBy(() -> this.service.refresh(login.refreshToken() + "A"));
		assertThat(this.store.rotations).isEmpty();
		assertThat(this.service.refresh(login.refreshToken()).refreshToken()).isNotNull();
	}

	@Test
	void aRefreshTokenPresentedAsAnAccessTokenIsRejected() {
		IssuedTokens login = this.service.login(USER);
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(login.refreshToken()))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(login.refreshToken()));
	}

	@Test
	void verifyRejectsAnAccessTokenOfAnUnknownApp() {
		WxPrincipal otherApp = new WxPrincipal("wx999", "o-openid", null, "sid-x");
		Instant now = this.clock.instant();
		String token = this.codec.encode(otherApp, List.of("ROLE_USER"), now, now.plus(ACCESS_TTL), "jti-x");
		assertThat(this.codec.decode(token).principal()).isEqualTo(otherApp);
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.service.verify(token))
			.withMessage("access token of an unknown app");
	}

	@Test
	void verifyRejectsAnAccessTokenOfARevokedSession() {
		IssuedTokens login = this.service.login(USER);
		this.store.revokeSession(login.session().sessionId(), this.clock.instant().plus(REFRESH_TTL));
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(login.accessToken()));
	}

	@Test
	void verifyRejectsAnExpiredAccessToken() {
		IssuedTokens login = this.service.login(USER);
		this.clock.advance(ACCESS_TTL.plusMinutes(2));
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.service.verify(login.accessToken()))
			.withMessage("access token expired");
	}

	@Test
	void verifyRejectsGarbage() {
		for (String garbage : new String[] { null, "", "Bearer", "x.y.z", "{}" }) {
			assertThatExceptionOfType(InvalidAccessTokenException.class)
				.isThrownBy(() -> this.service.verify(garbage));
		}
	}

	@Test
	void reissueAccessTokenCarriesTheUsersCurrentAuthoritiesInTheSameSession() {
		IssuedTokens login = this.service.login(USER);
		WxUserDetails bound = new WxUserDetails("wx123", "o-openid", null, "+86 13800138000",
				List.of("ROLE_USER", "PHONE_VERIFIED"));
		IssuedTokens reissued = this.service.reissueAccessToken(login.session(), bound);
		assertThat(reissued.refreshToken()).isNull();
		assertThat(reissued.refreshTokenExpiresIn()).isNull();
		VerifiedAccessToken verified = this.service.verify(reissued.accessToken());
		assertThat(verified.principal()).isEqualTo(login.session());
		assertThat(verified.authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(this.service.refresh(login.refreshToken()).refreshToken()).isNotNull();
	}

	@Test
	void concurrentRefreshesOfOneTokenLetExactlyOneSucceed() throws Exception {
		IssuedTokens login = this.service.login(USER);
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Boolean>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					try {
						this.service.refresh(login.refreshToken());
						return true;
					}
					catch (InvalidGrantException ex) {
						return false;
					}
				}));
			}
			ready.await();
			go.countDown();
			int successes = 0;
			for (Future<Boolean> future : futures) {
				successes += future.get() ? 1 : 0;
			}
			assertThat(successes).isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void theStoreOnlyEverSeesHashesOfRefreshTokens() {
		IssuedTokens login = this.service.login(USER);
		IssuedTokens second = this.service.refresh(login.refreshToken());
		IssuedTokens third = this.service.refresh(second.refreshToken());
		List<String> raw = List.of(login.refreshToken(), second.refreshToken(), third.refreshToken());
		assertThat(this.store.hashes).doesNotContainAnyElementsOf(raw);
		assertThat(this.store.hashes).isNotEmpty().allSatisfy((hash) -> {
			for (String token : raw) {
				assertThat(hash).doesNotContain(token);
			}
		});
		String tag = UserTag.of("wx123", "o-openid") + ".";
		assertThat(this.store.hashes).contains(tag + sha256(login.refreshToken()), tag + sha256(second.refreshToken()),
				tag + sha256(third.refreshToken()));
	}

	@Test
	void toStringsShowNoToken() {
		IssuedTokens login = this.service.login(USER);
		for (Object object : List.of(login, this.service, this.store.delegate)) {
			assertThat(object.toString()).doesNotContain(login.accessToken())
				.doesNotContain(login.refreshToken())
				.doesNotContain(sha256(login.refreshToken()));
		}
	}

	private static String sha256(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Records every token hash a store is given.
	 */
	static final class RecordingStore implements RefreshTokenStore {

		final RefreshTokenStore delegate;

		final List<String> hashes = new CopyOnWriteArrayList<>();

		final List<String> rotations = new CopyOnWriteArrayList<>();

		RecordingStore(RefreshTokenStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
				int maxSessionsPerUser, Instant revokeUntil) {
			this.hashes.add(tokenHash);
			return this.delegate.save(tokenHash, session, expiresAt, device, maxSessionsPerUser, revokeUntil);
		}

		@Override
		public List<WxSessionInfo> liveSessions(String appId, String openid) {
			return this.delegate.liveSessions(appId, openid);
		}

		@Override
		public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
				Instant replacementExpiresAt, Instant revokeUntil) {
			this.hashes.add(presentedHash);
			this.hashes.add(replacementHash);
			this.rotations.add(presentedHash);
			return this.delegate.rotate(presentedHash, replacementHash, now, replacementExpiresAt, revokeUntil);
		}

		@Override
		public void revokeSession(String sessionId, Instant until) {
			this.delegate.revokeSession(sessionId, until);
		}

		@Override
		public boolean isSessionRevoked(String sessionId) {
			return this.delegate.isSessionRevoked(sessionId);
		}

		@Override
		public void markUserStale(String appId, String openid, Instant before, Instant until) {
			this.delegate.markUserStale(appId, openid, before, until);
		}

		@Override
		public @Nullable Instant staleBefore(String appId, String openid) {
			return this.delegate.staleBefore(appId, openid);
		}

	}

	/**
	 * Users kept in a map, changed by the tests.
	 */
	static final class TestUsers implements WxUserDetailsService {

		private final Map<String, WxUserDetails> users = new ConcurrentHashMap<>();

		void put(WxUserDetails user) {
			this.users.put(user.appId() + "/" + user.openid(), user);
		}

		void remove(WxUserDetails user) {
			this.users.remove(user.appId() + "/" + user.openid());
		}

		@Override
		public WxUserRegistration loadOrRegister(WxIdentity identity) {
			throw new UnsupportedOperationException("not needed by the token service");
		}

		@Override
		public @Nullable WxUserDetails loadUser(String appId, String openid) {
			return this.users.get(appId + "/" + openid);
		}

		@Override
		public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
			throw new UnsupportedOperationException("not needed by the token service");
		}

	}

}
