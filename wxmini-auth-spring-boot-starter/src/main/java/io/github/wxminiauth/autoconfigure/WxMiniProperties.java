package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.token.JwsAlgorithm;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Configuration of WeChat Mini Program login.
 *
 * @param appId AppID of the mini program (single-app setup). Required unless "wxmini.apps" is set.
 * @param appSecret AppSecret of the mini program. Required with "wxmini.app-id".
 * @param apps Several mini programs served by one backend, by name, each with "app-id",
 * "app-secret" and optionally its own "access-token-ttl" and "refresh-token-ttl".
 * @param apiBaseUrl Base URL of the WeChat API, e.g. for tests, simulators or an egress proxy.
 * @param http HTTP client settings for calls to WeChat.
 * @param stableToken WeChat API access token (stable token) settings.
 * @param jwt Access and refresh token settings.
 * @param endpoints Paths and request limits of the login endpoints.
 * @param security Settings of the default security filter chain.
 * @param store Where refresh tokens, session revocations, session keys and WeChat access tokens
 * are kept: "auto" uses Redis when spring-data-redis is on the classpath and Redis is configured
 * (a "spring.data.redis.*" connection property or an application-defined RedisConnectionFactory),
 * else memory; "memory" keeps them in this instance; "redis" requires Redis. Several instances
 * need a shared store.
 * @param redis Settings of the Redis store.
 * @param memory Settings of the in-memory store.
 * @param sessionKey Settings of the kept WeChat session keys.
 * @param session Settings of login sessions.
 * @param appSource Settings of the mini programs an application's WxAppSource serves.
 * @since 0.1.0
 */
@ConfigurationProperties("wxmini")
public record WxMiniProperties(@Nullable String appId, @Nullable String appSecret, Map<String, App> apps,
		@DefaultValue("https://api.weixin.qq.com") String apiBaseUrl, @DefaultValue Http http,
		@DefaultValue StableToken stableToken, @DefaultValue Jwt jwt, @DefaultValue Endpoints endpoints,
		@DefaultValue Security security, @DefaultValue("auto") Store store, @DefaultValue Redis redis,
		@DefaultValue Memory memory, @DefaultValue SessionKey sessionKey, @DefaultValue Session session,
		@DefaultValue AppSource appSource) {

	public WxMiniProperties {
		apps = (apps != null) ? Map.copyOf(apps) : Map.of();
	}

	@Override
	public String toString() {
		return "WxMiniProperties[appId=" + this.appId + ", apps=" + this.apps.keySet() + ", apiBaseUrl="
				+ this.apiBaseUrl + "]";
	}

	/**
	 * One mini program.
	 *
	 * @param appId AppID of the mini program.
	 * @param appSecret AppSecret of the mini program.
	 * @param accessTokenTtl Lifetime of this mini program's access tokens. Defaults to
	 * "wxmini.jwt.access-token-ttl".
	 * @param refreshTokenTtl Lifetime of this mini program's refresh tokens. Defaults to
	 * "wxmini.jwt.refresh-token-ttl".
	 */
	public record App(@Nullable String appId, @Nullable String appSecret, @Nullable Duration accessTokenTtl,
			@Nullable Duration refreshTokenTtl) {

		@Override
		public String toString() {
			return "App[appId=" + this.appId + ", appSecret=******, accessTokenTtl=" + this.accessTokenTtl
					+ ", refreshTokenTtl=" + this.refreshTokenTtl + "]";
		}

	}

	/**
	 * HTTP client settings for calls to WeChat.
	 *
	 * @param connectTimeout Timeout for opening a connection to WeChat.
	 * @param readTimeout Timeout for WeChat's reply, per call.
	 * @param maxConnections Maximum number of pooled connections to WeChat. When unset, it follows
	 * the server's concurrency: "server.tomcat.threads.max" (200 by default) on platform threads,
	 * "server.tomcat.max-connections" (8192 by default) with "spring.threads.virtual.enabled" on
	 * Java 21 or later, where every request has a thread of its own. Connections are opened only
	 * as calls need them.
	 * @param busyRetries How many times a call is retried when WeChat answers -1 (busy).
	 * @param busyRetryBackoff Pause before the first retry of a busy call; doubles on each retry.
	 * @param sslBundle Name of an SSL bundle whose trust material is used for WeChat's certificate,
	 * e.g. for a proxy with a private certificate authority.
	 * @param allowInsecureApiBaseUrl Whether "wxmini.api-base-url" may use plain http for a host
	 * that is not a loopback address. The AppSecret and access tokens travel in those requests,
	 * so start-up fails without this; loopback addresses (tests, local simulators) are always
	 * allowed.
	 */
	public record Http(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
			@Nullable Integer maxConnections, @DefaultValue("2") int busyRetries,
			@DefaultValue("100ms") Duration busyRetryBackoff, @Nullable String sslBundle,
			@DefaultValue("false") boolean allowInsecureApiBaseUrl) {
	}

	/**
	 * WeChat API access token (stable token) settings.
	 *
	 * @param renewBefore How long before its expiry a cached token is renewed. WeChat hands out a
	 * new stable token only in the last five minutes of the old one, so keep it under 5m.
	 */
	public record StableToken(@DefaultValue("2m") Duration renewBefore) {
	}

	/**
	 * Access and refresh token settings.
	 *
	 * @param secret HS256 signing key, at least 32 bytes. When unset, a random key is generated
	 * at start-up and tokens die on restart. Only used with "wxmini.jwt.algorithm=HS256".
	 * @param accessTokenTtl Lifetime of an access token.
	 * @param refreshTokenTtl Lifetime of a refresh token.
	 * @param issuer Value of the "iss" claim, checked on every request.
	 * @param clockSkew Tolerance for clock differences when checking "exp", "iat" and "nbf".
	 * @param algorithm Signing algorithm of access tokens: "HS256" with the shared
	 * "wxmini.jwt.secret", or "ES256" (EC keys on P-256) or "RS256" (RSA keys of at least 2048
	 * bits) with the asymmetric "wxmini.jwt.keys", whose public keys are published as a JWK Set.
	 * @param keys Asymmetric keys for ES256 or RS256. The key marked "active" (or else the first)
	 * signs new tokens; every listed key verifies the tokens whose "kid" names it. After a
	 * rotation, keep the old key until "access-token-ttl" has passed since it stopped signing.
	 * @param jwks Settings of the JWK Set endpoint, served with ES256 and RS256 only.
	 * @param maxAccessTokenTtl Longest lifetime of an access token of any mini program, an upper
	 * bound for the per-app "access-token-ttl" of apps added at runtime: revocations are kept this
	 * long (plus the clock skew), and a longer per-app lifetime is cut down to it. Defaults to the
	 * longest of "wxmini.jwt.access-token-ttl" and every "wxmini.apps.<name>.access-token-ttl".
	 */
	public record Jwt(@Nullable String secret, @DefaultValue("2h") Duration accessTokenTtl,
			@DefaultValue("30d") Duration refreshTokenTtl, @DefaultValue("wxmini-auth") String issuer,
			@DefaultValue("30s") Duration clockSkew, @DefaultValue("HS256") JwsAlgorithm algorithm, List<Key> keys,
			@DefaultValue Jwks jwks, @Nullable Duration maxAccessTokenTtl) {

		public Jwt {
			keys = (keys != null) ? List.copyOf(keys) : List.of();
		}

		@Override
		public String toString() {
			return "Jwt[secret=******, accessTokenTtl=" + this.accessTokenTtl + ", refreshTokenTtl="
					+ this.refreshTokenTtl + ", issuer=" + this.issuer + ", algorithm=" + this.algorithm + ", keys="
					+ this.keys + "]";
		}

		/**
		 * One asymmetric key, from PEM files or from a key store.
		 *
		 * @param kid Key ID written into the "kid" header of the tokens it signs and published
		 * in the JWK Set. Defaults to the key's RFC 7638 JWK thumbprint.
		 * @param active Whether this key signs new tokens. At most one key may be active; when
		 * none is, the first key signs.
		 * @param privateKey Location of the PEM private key, e.g. "file:/etc/wxmini/jwt-2026.key", in any
		 * form Spring Boot reads: PKCS#8 ("BEGIN PRIVATE KEY"), encrypted PKCS#8 ("BEGIN ENCRYPTED
		 * PRIVATE KEY", with "private-key-password"), PKCS#1 ("BEGIN RSA PRIVATE KEY") or SEC1 ("BEGIN
		 * EC PRIVATE KEY"). Needed for the key that signs; a key kept only to verify older tokens may
		 * leave it out.
		 * @param privateKeyPassword Password of an encrypted PKCS#8 private key.
		 * @param publicKey Location of the PEM public key ("BEGIN PUBLIC KEY", X.509
		 * SubjectPublicKeyInfo, or "BEGIN RSA PUBLIC KEY", PKCS#1) or of a PEM certificate ("BEGIN
		 * CERTIFICATE").
		 * @param keystore Key store holding the key instead of PEM files.
		 */
		public record Key(@Nullable String kid, @DefaultValue("false") boolean active, @Nullable Resource privateKey,
				@Nullable String privateKeyPassword, @Nullable Resource publicKey, @Nullable Keystore keystore) {

			@Override
			public String toString() {
				return "Key[kid=" + this.kid + ", active=" + this.active + "]";
			}

		}

		/**
		 * A key store entry: a private key with its certificate (a key that signs), or a trusted
		 * certificate (a key that only verifies).
		 *
		 * @param location Location of the key store, e.g. "classpath:jwt.p12" or
		 * "file:/etc/wxmini/jwt.jks".
		 * @param password Password of the key store.
		 * @param type Type of the key store, "PKCS12" or "JKS" (the JDK reads either as the
		 * other).
		 * @param alias Alias of the entry.
		 * @param keyPassword Password of the private key, when it differs from the key store's.
		 */
		public record Keystore(@Nullable Resource location, @Nullable String password,
				@DefaultValue("PKCS12") String type, @Nullable String alias, @Nullable String keyPassword) {

			@Override
			public String toString() {
				return "Keystore[location=" + this.location + ", type=" + this.type + ", alias=" + this.alias
						+ ", password=******]";
			}

		}

		/**
		 * Settings of the JWK Set endpoint, public with ES256 and RS256 so that gateways and other
		 * services can verify access tokens; not served with HS256.
		 *
		 * @param path Path of the JWK Set endpoint (GET).
		 * @param maxAge How long clients may cache the JWK Set ("Cache-Control: max-age"). Publish a
		 * new key at least this long before it starts signing.
		 */
		public record Jwks(@DefaultValue("/.well-known/jwks.json") String path,
				@DefaultValue("5m") Duration maxAge) {
		}

	}

	/**
	 * Settings of the default security filter chain (ignored when the application declares its
	 * own chain).
	 *
	 * @param publicPaths Path patterns that the default chain lets through without a token, e.g.
	 * "/", "/static/**". Everything else but the login and refresh endpoints needs one.
	 */
	public record Security(List<String> publicPaths) {

		public Security {
			publicPaths = (publicPaths != null) ? List.copyOf(publicPaths) : List.of();
		}

	}

	/**
	 * Paths and request limits of the login endpoints.
	 *
	 * @param login Path of the login endpoint (POST).
	 * @param refresh Path of the refresh-token endpoint (POST).
	 * @param logout Path of the logout endpoint (POST).
	 * @param phone Path of the phone-number endpoint (POST).
	 * @param sessions Path of the caller's session list (GET) and of ending sessions (DELETE, also
	 * with "/{sid}").
	 * @param bodyTimeout Longest time a request to the login, refresh or phone endpoint may take
	 * to send its body, in total. A slower body is answered 400 "invalid_request" and its
	 * connection closed, so that clients trickling bytes cannot hold the server's request threads.
	 * A client that falls silent is ended by the server's own read timeout instead.
	 */
	public record Endpoints(@DefaultValue("/wx/login") String login,
			@DefaultValue("/wx/token/refresh") String refresh, @DefaultValue("/wx/logout") String logout,
			@DefaultValue("/wx/phone") String phone, @DefaultValue("/wx/sessions") String sessions,
			@DefaultValue("5s") Duration bodyTimeout) {
	}

	/**
	 * Where the stores of the starter keep their state.
	 */
	public enum Store {

		/**
		 * Redis when spring-data-redis is on the classpath and Redis is configured, else memory.
		 */
		AUTO,

		/**
		 * The memory of this instance: enough for a single instance.
		 */
		MEMORY,

		/**
		 * Redis, shared by every instance; start-up fails without spring-data-redis.
		 */
		REDIS

	}

	/**
	 * Settings of the Redis store. The connection itself is Spring Boot's
	 * ("spring.data.redis.*"); set "spring.data.redis.timeout" to a short command timeout so that a
	 * Redis outage fails requests fast instead of holding them.
	 *
	 * @param keyPrefix Prefix of every Redis key the starter writes, e.g. to share one Redis among
	 * several applications.
	 */
	public record Redis(@DefaultValue("wxmini:") String keyPrefix) {
	}

	/**
	 * Settings of the in-memory store ({@code wxmini.store=memory}, or {@code auto} without
	 * Redis).
	 *
	 * @param maxRefreshTokens Most refresh tokens kept in memory, about half a kilobyte each.
	 * Every login starts a session whose refresh token lives for weeks; beyond this number the
	 * oldest tokens are forgotten, and their users log in again.
	 */
	public record Memory(@DefaultValue("100000") int maxRefreshTokens) {

	}

	/**
	 * Settings of the kept WeChat session keys.
	 *
	 * @param ttl How long the latest session key of a user is kept after their login.
	 */
	public record SessionKey(@DefaultValue("3d") Duration ttl) {
	}

	/**
	 * Settings of login sessions.
	 *
	 * @param maxPerUser Most live sessions one user may have in one mini program; a login beyond
	 * it revokes that user's oldest sessions. No limit when unset.
	 */
	public record Session(@Nullable Integer maxPerUser) {

		public Session {
			if (maxPerUser != null && maxPerUser <= 0) {
				throw new IllegalArgumentException("wxmini.session.max-per-user must be positive, but is " + maxPerUser);
			}
		}

	}

	/**
	 * Settings of the mini programs an application's {@code WxAppSource} serves (used only when
	 * the application declares one).
	 *
	 * @param refreshInterval How often the source is asked for its apps again: the longest an app
	 * added, removed or given a new secret on another instance takes to hold here. The instance
	 * that made the change and calls {@code WxAppRegistry.reload()} honours it at once.
	 */
	public record AppSource(@DefaultValue("5s") Duration refreshInterval) {

		public AppSource {
			if (refreshInterval.isNegative() || refreshInterval.isZero()) {
				throw new IllegalArgumentException(
						"wxmini.app-source.refresh-interval must be positive, but is " + refreshInterval);
			}
		}

	}

}
