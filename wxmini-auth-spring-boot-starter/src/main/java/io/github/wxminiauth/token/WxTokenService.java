package io.github.wxminiauth.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import io.github.wxminiauth.event.WxLoginEvent;
import io.github.wxminiauth.event.WxLogoutEvent;
import io.github.wxminiauth.event.WxRefreshTokenReusedEvent;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.event.WxTokenRefreshedEvent;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Issues, verifies, refreshes and revokes the tokens of mini-program users.
 * <p>
 * A login starts a session ({@code sid}) that holds a short-lived signed access JWT and an
 * opaque refresh token. Refresh tokens rotate: each is redeemable once, and redeeming a spent one
 * revokes the whole session, as it means the token was copied. Only SHA-256 hashes of refresh
 * tokens reach the {@link RefreshTokenStore}. Session ids and refresh-token hashes start with the
 * {@link UserTag tag} of the session's user, and a refresh token names its app, so that a store
 * needs no lookup to find a session's records (a login and a refresh are one round trip to Redis).
 * <p>
 * Lifetimes are per app: an app's {@link WxApp#accessTokenTtl()} and
 * {@link WxApp#refreshTokenTtl()}, or else the service's own. The app is looked up in the
 * {@link WxAppRegistry} each time, so a token of an app that is no longer served is refused, and
 * changed lifetimes hold from the next login or refresh.
 *
 * @since 0.1.0
 */
public final class WxTokenService {

	private static final Log logger = LogFactory.getLog(WxTokenService.class);

	private static final int ID_BYTES = 16;

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final AccessJwtCodec codec;

	private final RefreshTokenStore store;

	private final WxUserDetailsService users;

	private final WxAppRegistry apps;

	private final Clock clock;

	private final Duration accessTokenTtl;

	private final Duration refreshTokenTtl;

	private volatile @Nullable Duration maxAccessTokenTtl;

	private volatile Consumer<RotationResult.Outcome> rotationListener = (outcome) -> {
	};

	private volatile ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private volatile int maxSessionsPerUser;

	/**
	 * Creates a token service.
	 * @param codec signs and verifies access JWTs
	 * @param store keeps refresh tokens and revoked sessions
	 * @param users loads users when a refresh token is redeemed
	 * @param apps the mini programs whose tokens are accepted
	 * @param clock the clock tokens are issued and checked against
	 * @param accessTokenTtl lifetime of an access JWT of an app without its own
	 * @param refreshTokenTtl lifetime of a refresh token of an app without its own
	 */
	public WxTokenService(AccessJwtCodec codec, RefreshTokenStore store, WxUserDetailsService users,
			WxAppRegistry apps, Clock clock, Duration accessTokenTtl, Duration refreshTokenTtl) {
		Assert.notNull(codec, "codec must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.notNull(users, "users must not be null");
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(isPositive(accessTokenTtl), "accessTokenTtl must be positive");
		Assert.isTrue(isPositive(refreshTokenTtl), "refreshTokenTtl must be positive");
		this.codec = codec;
		this.store = store;
		this.users = users;
		this.apps = apps;
		this.clock = clock;
		this.accessTokenTtl = accessTokenTtl;
		this.refreshTokenTtl = refreshTokenTtl;
	}

	/**
	 * Sets the longest lifetime of an access JWT: an app's own lifetime beyond it is cut down to
	 * it. The store keeps revocations only about that long, so no access token may outlive it.
	 * @param maxAccessTokenTtl the longest lifetime, at least the service's own
	 * @since 0.2.0
	 */
	public void setMaxAccessTokenTtl(Duration maxAccessTokenTtl) {
		Assert.isTrue(isPositive(maxAccessTokenTtl) && maxAccessTokenTtl.compareTo(this.accessTokenTtl) >= 0,
				"maxAccessTokenTtl must be at least accessTokenTtl");
		this.maxAccessTokenTtl = maxAccessTokenTtl;
	}

	/**
	 * Sets the listener told the outcome of every redeemed refresh token, e.g. to count rotations
	 * and reuse detections. A malformed token is reported as {@link RotationResult.Outcome#UNKNOWN};
	 * a store failure is not reported. Called on the request thread: keep it cheap and never throw.
	 * @param rotationListener the listener
	 */
	public void setRotationListener(Consumer<RotationResult.Outcome> rotationListener) {
		Assert.notNull(rotationListener, "rotationListener must not be null");
		this.rotationListener = rotationListener;
	}

	/**
	 * Sets where the {@link io.github.wxminiauth.event.WxSessionEvent session events} go, e.g. the
	 * application context. Each is published once the store has recorded what it tells.
	 * @param eventPublisher the publisher
	 * @since 0.2.0
	 */
	public void setEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sets the most live sessions a user may have in one mini program: a login beyond it revokes
	 * the user's oldest sessions.
	 * @param maxSessionsPerUser the most sessions, or {@code 0} for no limit
	 * @since 0.2.0
	 */
	public void setMaxSessionsPerUser(int maxSessionsPerUser) {
		Assert.isTrue(maxSessionsPerUser >= 0, "maxSessionsPerUser must not be negative");
		this.maxSessionsPerUser = maxSessionsPerUser;
	}

	/**
	 * Starts a new login session for the user: an access JWT and a refresh token.
	 * @param user the user who logged in
	 * @return the tokens
	 */
	public IssuedTokens login(WxUserDetails user) {
		Assert.notNull(user, "user must not be null");
		return login(user, false, null);
	}

	/**
	 * Starts a new login session for a user who just logged in, and publishes a
	 * {@link WxLoginEvent} that tells whether the login registered them.
	 * @param registration the user, and whether the login created them
	 * @return the tokens
	 * @since 0.2.0
	 */
	public IssuedTokens login(WxUserRegistration registration) {
		return login(registration, null);
	}

	/**
	 * Starts a new login session for a user who just logged in, labelled for the session list,
	 * and publishes a {@link WxLoginEvent}.
	 * @param registration the user, and whether the login created them
	 * @param device the label the mini program gave the login, or {@code null}
	 * @return the tokens
	 * @since 0.2.0
	 */
	public IssuedTokens login(WxUserRegistration registration, @Nullable String device) {
		Assert.notNull(registration, "registration must not be null");
		return login(registration.user(), registration.created(), device);
	}

	private IssuedTokens login(WxUserDetails user, boolean newUser, @Nullable String device) {
		Instant now = this.clock.instant();
		String tag = UserTag.of(user.appId(), user.openid());
		WxPrincipal session = new WxPrincipal(user.appId(), user.openid(), user.unionid(), newSessionId(tag));
		WxApp app = this.apps.find(user.appId());
		String refreshToken = newRefreshToken(user.appId(), tag);
		Duration refreshTokenTtl = refreshTokenTtl(app);
		List<String> displaced = this.store.save(RefreshTokenFormat.hash(refreshToken, tag), session,
				now.plus(refreshTokenTtl), device, this.maxSessionsPerUser, now.plus(revocationTtl(app)));
		IssuedTokens issued = issue(session, user, now, refreshToken, refreshTokenTtl);
		this.eventPublisher.publishEvent(new WxLoginEvent(session, newUser));
		for (String sessionId : displaced) {
			this.eventPublisher.publishEvent(new WxSessionRevokedEvent(sessionId,
					new WxPrincipal(user.appId(), user.openid(), user.unionid(), sessionId),
					WxSessionRevokedEvent.Reason.LIMIT));
		}
		return issued;
	}

	/**
	 * Redeems a refresh token: the old one is spent, a new access JWT (with the user's current
	 * authorities) and a new refresh token are issued in the same session.
	 * @param refreshToken the presented refresh token
	 * @return the new tokens
	 * @throws InvalidGrantException when the token is unknown, expired, revoked or reused
	 */
	public IssuedTokens refresh(@Nullable String refreshToken) {
		RefreshTokenFormat.Presented presented = RefreshTokenFormat.parse(refreshToken);
		if (presented == null) {
			this.rotationListener.accept(RotationResult.Outcome.UNKNOWN);
			throw new InvalidGrantException("malformed refresh token");
		}
		// The token names its app (the hash the store knows proves it): the replacement lives as
		// long as that app says, decided before the store is asked, and a token of an app no longer
		// served is refused unspent.
		WxApp tokenApp = this.apps.find(presented.appId());
		if (tokenApp == null) {
			throw new InvalidGrantException("refresh token of an app no longer served");
		}
		Instant now = this.clock.instant();
		String replacement = newRefreshToken(presented.appId(), presented.tag());
		Duration replacementTtl = refreshTokenTtl(tokenApp);
		RotationResult result = this.store.rotate(RefreshTokenFormat.hash(refreshToken, presented.tag()),
				RefreshTokenFormat.hash(replacement, presented.tag()), now, now.plus(replacementTtl),
				now.plus(revocationTtl(tokenApp)));
		this.rotationListener.accept(result.outcome());
		if (result.outcome() == RotationResult.Outcome.REVOKED && result.session() != null) {
			// A disabled user's sessions were revoked: the refresh says why, not merely that.
			WxUserDetails owner = this.users.loadUser(result.session().appId(), result.session().openid());
			if (owner != null && owner.isDisabled(now)) {
				throw new AccountDisabledException("the user is disabled");
			}
		}
		if (!result.isRotated()) {
			logger.debug(LogMessage.format("Refresh token rejected: %s", result.outcome()));
			if (result.outcome() == RotationResult.Outcome.REUSED && result.reusedSessionId() != null) {
				this.eventPublisher.publishEvent(new WxRefreshTokenReusedEvent(result.reusedSessionId()));
				this.eventPublisher.publishEvent(
						new WxSessionRevokedEvent(result.reusedSessionId(), null, WxSessionRevokedEvent.Reason.REUSE));
			}
			throw new InvalidGrantException(describe(result.outcome()));
		}
		WxPrincipal session = result.session();
		WxApp app = requireServedApp(session);
		WxUserDetails user = this.users.loadUser(session.appId(), session.openid());
		if (user != null && user.isDisabled(now)) {
			// Disabled in the application's store without the session service: end the session too.
			this.store.revokeSession(session.sessionId(), now.plus(revocationTtl(app)));
			this.eventPublisher.publishEvent(
					new WxSessionRevokedEvent(session.sessionId(), session, WxSessionRevokedEvent.Reason.BAN));
			throw new AccountDisabledException("the user is disabled");
		}
		if (user == null) {
			logger.debug(LogMessage.format("Ending session %s: its user no longer exists", session.sessionId()));
			this.store.revokeSession(session.sessionId(), now.plus(revocationTtl(app)));
			this.eventPublisher.publishEvent(new WxSessionRevokedEvent(session.sessionId(), session,
					WxSessionRevokedEvent.Reason.USER_REMOVED));
			throw new InvalidGrantException("user no longer exists");
		}
		IssuedTokens issued = issue(withCurrentUnionid(session, user), user, now, replacement, replacementTtl);
		this.eventPublisher.publishEvent(new WxTokenRefreshedEvent(issued.session()));
		return issued;
	}

	/**
	 * Issues a new access JWT in an existing session, carrying the user's current authorities.
	 * @param session the session
	 * @param user the user
	 * @return the tokens, without a refresh token
	 */
	public IssuedTokens reissueAccessToken(WxPrincipal session, WxUserDetails user) {
		Assert.notNull(session, "session must not be null");
		Assert.notNull(user, "user must not be null");
		Assert.isTrue(session.appId().equals(user.appId()) && session.openid().equals(user.openid()),
				"user must be the session's user");
		return issue(withCurrentUnionid(session, user), user, this.clock.instant(), null, null);
	}

	/**
	 * Verifies an access JWT.
	 * @param accessToken the presented token
	 * @return the verified token
	 * @throws InvalidAccessTokenException when it is not a valid access token of a live session
	 */
	public VerifiedAccessToken verify(@Nullable String accessToken) {
		VerifiedAccessToken verified = this.codec.decode(accessToken);
		WxPrincipal principal = verified.principal();
		if (this.apps.find(principal.appId()) == null) {
			throw new InvalidAccessTokenException("access token of an unknown app");
		}
		if (this.store.isSessionRevoked(principal.sessionId())) {
			throw new InvalidAccessTokenException("session revoked");
		}
		Instant staleBefore = this.store.staleBefore(principal.appId(), principal.openid());
		if (staleBefore != null && verified.issuedAt() != null
				&& verified.issuedAt().toEpochMilli() < staleBefore.toEpochMilli()) {
			throw new InvalidAccessTokenException("access token stale; refresh it");
		}
		return verified;
	}

	/**
	 * Whether a presented bearer token claims to be one of the access tokens this service
	 * issues (its issuer or key id), so that it is for this service to verify. Nothing is
	 * verified: a token that claims to be ours is then {@link #verify(String) verified}, and one
	 * that does not is left to the application's other bearer-token mechanisms.
	 * @param accessToken the presented token
	 * @return whether the token is for this service to judge
	 * @since 0.2.0
	 */
	public boolean claimsToBeOurs(@Nullable String accessToken) {
		return this.codec.claimsToBeOurs(accessToken);
	}

	/**
	 * Ends a login session: its refresh tokens are revoked and its access tokens rejected.
	 * @param session the session
	 */
	public void logout(WxPrincipal session) {
		Assert.notNull(session, "session must not be null");
		this.store.revokeSession(session.sessionId(),
				this.clock.instant().plus(revocationTtl(this.apps.find(session.appId()))));
		this.eventPublisher.publishEvent(new WxLogoutEvent(session));
		this.eventPublisher.publishEvent(
				new WxSessionRevokedEvent(session.sessionId(), session, WxSessionRevokedEvent.Reason.LOGOUT));
	}

	/**
	 * Revokes a login session for a reason other than its own logout: its refresh tokens are
	 * revoked and its access tokens rejected, and a {@link WxSessionRevokedEvent} tells why.
	 * @param session the session
	 * @param reason why
	 * @since 0.2.0
	 */
	public void revoke(WxPrincipal session, WxSessionRevokedEvent.Reason reason) {
		Assert.notNull(session, "session must not be null");
		Assert.notNull(reason, "reason must not be null");
		this.store.revokeSession(session.sessionId(),
				this.clock.instant().plus(revocationTtl(this.apps.find(session.appId()))));
		this.eventPublisher.publishEvent(new WxSessionRevokedEvent(session.sessionId(), session, reason));
	}

	/**
	 * The user's live sessions in one mini program, newest first.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the sessions
	 * @since 0.2.0
	 */
	public List<WxSessionInfo> liveSessions(String appId, String openid) {
		return this.store.liveSessions(appId, openid);
	}

	private IssuedTokens issue(WxPrincipal session, WxUserDetails user, Instant now, @Nullable String refreshToken,
			@Nullable Duration refreshTokenTtl) {
		Instant issuedAt = issuedAt(session, now);
		Duration accessTokenTtl = accessTokenTtl(this.apps.find(session.appId()));
		String accessToken = this.codec.encode(session, user.authorities(), issuedAt, issuedAt.plus(accessTokenTtl),
				newId());
		return new IssuedTokens(accessToken, accessTokenTtl, refreshToken, refreshTokenTtl, session, user);
	}

	/**
	 * The {@code iat} of a new access token: now, in whole seconds as a JWT carries it, but never
	 * before the user's tokens were made stale, so that a token issued in the same second as the
	 * mark is not refused with the stale ones.
	 */
	private Instant issuedAt(WxPrincipal session, Instant now) {
		Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
		Instant staleBefore = this.store.staleBefore(session.appId(), session.openid());
		if (staleBefore != null) {
			Instant notStale = staleBefore.truncatedTo(ChronoUnit.SECONDS);
			if (notStale.isBefore(staleBefore)) {
				notStale = notStale.plusSeconds(1);
			}
			if (notStale.isAfter(issuedAt)) {
				issuedAt = notStale;
			}
		}
		return issuedAt;
	}

	/**
	 * Makes the user's current access tokens stale: they are refused from now on (401
	 * {@code invalid_token}), and the next refresh of each of the user's sessions issues tokens
	 * with the authorities the user has then.
	 * @param appId the mini program
	 * @param openid the user
	 * @since 0.2.0
	 */
	public void makeAccessTokensStale(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Instant now = this.clock.instant();
		this.store.markUserStale(appId, openid, now,
				now.plus(accessTokenTtl(this.apps.find(appId))).plusSeconds(1));
	}

	private WxApp requireServedApp(WxPrincipal session) {
		WxApp app = this.apps.find(session.appId());
		if (app == null) {
			throw new InvalidGrantException("refresh token of an app no longer served");
		}
		return app;
	}

	/**
	 * The lifetime of the app's access tokens: its own, or the service's, never beyond the most.
	 * An app that is no longer served gets the service's: its tokens are refused anyway.
	 */
	private Duration accessTokenTtl(@Nullable WxApp app) {
		Duration ttl = (app != null && app.accessTokenTtl() != null) ? app.accessTokenTtl() : this.accessTokenTtl;
		Duration max = this.maxAccessTokenTtl;
		if (max != null && ttl.compareTo(max) > 0) {
			logger.debug(LogMessage.format("Cutting the access-token lifetime %s of app %s down to %s", ttl,
					(app != null) ? app.appId() : null, max));
			return max;
		}
		return ttl;
	}

	private Duration refreshTokenTtl(@Nullable WxApp app) {
		return (app != null && app.refreshTokenTtl() != null) ? app.refreshTokenTtl() : this.refreshTokenTtl;
	}

	/** How long a revocation must be kept: until every token of the session it revokes expired. */
	private Duration revocationTtl(@Nullable WxApp app) {
		return longer(accessTokenTtl(app), refreshTokenTtl(app));
	}

	private static Duration longer(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static boolean isPositive(@Nullable Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	private static WxPrincipal withCurrentUnionid(WxPrincipal session, WxUserDetails user) {
		if (user.unionid() == null || user.unionid().equals(session.unionid())) {
			return session;
		}
		return new WxPrincipal(session.appId(), session.openid(), user.unionid(), session.sessionId());
	}

	private String newRefreshToken(String appId, String tag) {
		byte[] secret = new byte[RefreshTokenFormat.secretBytes()];
		this.random.nextBytes(secret);
		return RefreshTokenFormat.format(appId, tag, secret);
	}

	/**
	 * A new session id: the user's tag, so that a store finds the session's user from the id
	 * alone, and random bytes.
	 */
	private String newSessionId(String tag) {
		return tag + UserTag.SEPARATOR + newId();
	}

	private String newId() {
		byte[] bytes = new byte[ID_BYTES];
		this.random.nextBytes(bytes);
		return BASE64URL.encodeToString(bytes);
	}

	private static String describe(RotationResult.Outcome outcome) {
		return switch (outcome) {
			case EXPIRED -> "refresh token expired";
			case REUSED -> "refresh token reused; session revoked";
			case REVOKED -> "session revoked";
			default -> "unknown refresh token";
		};
	}

}
