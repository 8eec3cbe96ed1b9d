package io.github.wxminiauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.accesstoken.internal.CachingAccessTokenProvider;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.security.web.WxMiniEndpoints;
import io.github.wxminiauth.security.web.WxRequestLimits;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.sessionkey.WxEncryptedDataService;
import io.github.wxminiauth.sessionkey.WxSessionKeyService;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.JwtSigningKeys;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.wechat.internal.RestWxApiClient;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of WeChat Mini Program login: the WeChat client, access-token management,
 * the user store, token issuance, the phone-number service and the session-key services (legacy
 * encrypted data, checkSessionKey, resetUserSessionKey). Every bean steps back when the
 * application declares its own. The stores kept here are in memory; when {@code wxmini.store}
 * selects Redis, {@link WxMiniRedisAutoConfiguration} provides shared ones instead.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, RestClientAutoConfiguration.class })
@EnableConfigurationProperties(WxMiniProperties.class)
@Import(AbandonedRequestBodyConfiguration.class)
public final class WxMiniAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WxMiniAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WxAppRegistry wxAppRegistry(WxMiniProperties properties, ObjectProvider<WxAppSource> source) {
		return WxAppsFactory.registry(properties, source.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	WxApiClient wxApiClient(WxMiniProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<RestClientCustomizer> restClientCustomizers, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<Clock> clock, Environment environment) {
		WxMiniProperties.Http http = properties.http();
		// The application's customizers (Boot's observation one among them) on a fresh builder,
		// rather than Boot's RestClient.Builder bean: that bean comes with an HTTP client of its
		// own, which this client would replace by its pool at once.
		RestClient.Builder restClientBuilder = RestClient.builder();
		restClientCustomizers.orderedStream().forEach((customizer) -> customizer.customize(restClientBuilder));
		return RestWxApiClient.builder(jsonMapper.getIfAvailable(JsonMapper::new))
			.baseUrl(ApiBaseUrls.check(properties.apiBaseUrl(), http.allowInsecureApiBaseUrl()))
			.connectTimeout(http.connectTimeout())
			.readTimeout(http.readTimeout())
			.maxConnections(HttpConnectionPoolSize.resolve(http.maxConnections(), environment))
			.busyRetries(http.busyRetries())
			.busyRetryBackoff(http.busyRetryBackoff())
			.sslBundle((http.sslBundle() != null) ? sslBundles.getObject().getBundle(http.sslBundle()) : null)
			.restClientBuilder(restClientBuilder)
			.clock(Clocks.of(clock))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	AccessTokenCache wxAccessTokenCache(WxMiniProperties properties) {
		requireMemoryStoreAllowed(properties);
		return new InMemoryAccessTokenCache();
	}

	@Bean
	@ConditionalOnMissingBean
	AccessTokenProvider wxAccessTokenProvider(WxAppRegistry apps, WxApiClient client, AccessTokenCache cache,
			WxMiniProperties properties, ObjectProvider<Clock> clock, ObjectProvider<WxMiniMetrics> metrics) {
		CachingAccessTokenProvider provider = new CachingAccessTokenProvider(apps, client, cache, Clocks.of(clock),
				properties.stableToken().renewBefore());
		metrics.ifAvailable((recorder) -> provider.setFetchListener(recorder::accessTokenFetched));
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	WxUserDetailsService wxUserDetailsService() {
		logger.info("Keeping mini-program users in memory: they are lost on restart. "
				+ "Declare a WxUserDetailsService bean to keep them in your own store.");
		return new InMemoryWxUserDetailsService();
	}

	@Bean
	@ConditionalOnMissingBean
	RefreshTokenStore wxRefreshTokenStore(WxMiniProperties properties, ObjectProvider<Clock> clock,
			Environment environment, ConfigurableListableBeanFactory beanFactory) {
		requireMemoryStoreAllowed(properties);
		WxMiniStoreSelection selection = WxMiniStoreSelection.select(environment, beanFactory,
				beanFactory.getBeanClassLoader());
		logger.info("Keeping refresh tokens, session revocations, session keys and the WeChat access token in "
				+ "memory (" + selection.reason() + "). Several instances need a shared store: see wxmini.store.");
		int maxRefreshTokens = properties.memory().maxRefreshTokens();
		if (maxRefreshTokens <= 0) {
			throw new IllegalStateException(
					"wxmini.memory.max-refresh-tokens must be positive, but is " + maxRefreshTokens);
		}
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(Clocks.of(clock), maxRefreshTokens);
		store.setRevocationRetention(revocationRetention(properties));
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionKeyStore wxSessionKeyStore(WxMiniProperties properties, ObjectProvider<Clock> clock) {
		requireMemoryStoreAllowed(properties);
		return new InMemorySessionKeyStore(Clocks.of(clock), properties.sessionKey().ttl());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnAsymmetricJwtCondition.class)
	JwtSigningKeys wxJwtSigningKeys(WxMiniProperties properties) {
		return JwtSigningKeysFactory.create(properties.jwt());
	}

	@Bean
	@ConditionalOnMissingBean
	AccessJwtCodec wxAccessJwtCodec(WxMiniProperties properties, ObjectProvider<JwtSigningKeys> signingKeys,
			ObjectProvider<Clock> clock) {
		WxMiniProperties.Jwt jwt = properties.jwt();
		JwtSigningKeys keys = signingKeys.getIfAvailable();
		if (keys != null) {
			return AccessJwtCodec.signedWith(keys, jwt.issuer(), jwt.clockSkew(), Clocks.of(clock));
		}
		return AccessJwtCodec.hs256(JwtKeys.hs256Key(jwt), jwt.issuer(), jwt.clockSkew(), Clocks.of(clock));
	}

	@Bean
	@ConditionalOnMissingBean
	WxJwkSetEndpoint wxJwkSetEndpoint(WxMiniProperties properties) {
		WxMiniProperties.Jwt.Jwks jwks = properties.jwt().jwks();
		return new WxJwkSetEndpoint(jwks.path(), jwks.maxAge());
	}

	@Bean
	@ConditionalOnMissingBean
	WxTokenService wxTokenService(AccessJwtCodec codec, RefreshTokenStore store, WxUserDetailsService users,
			WxAppRegistry apps, WxMiniProperties properties, ObjectProvider<Clock> clock,
			ApplicationEventPublisher eventPublisher, ObjectProvider<WxMiniMetrics> metrics) {
		WxMiniProperties.Jwt jwt = properties.jwt();
		WxTokenService tokens = new WxTokenService(codec, store, users, apps, Clocks.of(clock), jwt.accessTokenTtl(),
				jwt.refreshTokenTtl());
		tokens.setEventPublisher(eventPublisher);
		metrics.ifAvailable((recorder) -> tokens.setRotationListener(recorder::refreshTokenRotated));
		tokens.setMaxAccessTokenTtl(WxAppsFactory.maxAccessTokenTtl(properties));
		Integer maxPerUser = properties.session().maxPerUser();
		tokens.setMaxSessionsPerUser((maxPerUser != null) ? maxPerUser : 0);
		return tokens;
	}

	@Bean
	@ConditionalOnMissingBean
	PhoneNumberService wxPhoneNumberService(WxAppRegistry apps, WxApiClient client,
			AccessTokenProvider accessTokens, WxUserDetailsService users) {
		return new PhoneNumberService(apps, client, accessTokens, users);
	}

	@Bean
	@ConditionalOnMissingBean
	WxEncryptedDataService wxEncryptedDataService(SessionKeyStore sessionKeys, ObjectProvider<JsonMapper> jsonMapper) {
		return new WxEncryptedDataService(sessionKeys, jsonMapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	WxSessionKeyService wxSessionKeyService(WxAppRegistry apps, WxApiClient client, AccessTokenProvider accessTokens,
			SessionKeyStore sessionKeys) {
		return new WxSessionKeyService(apps, client, accessTokens, sessionKeys);
	}

	@Bean
	@ConditionalOnMissingBean
	WxSessionService wxSessionService(WxTokenService tokens, WxUserDetailsService users) {
		return new WxSessionService(tokens, users);
	}

	@Bean
	@ConditionalOnMissingBean
	WxMiniEndpoints wxMiniEndpoints(WxMiniProperties properties) {
		WxMiniProperties.Endpoints endpoints = properties.endpoints();
		return new WxMiniEndpoints(endpoints.login(), endpoints.refresh(), endpoints.logout(), endpoints.phone(),
				endpoints.sessions());
	}

	@Bean
	@ConditionalOnMissingBean
	WxRequestLimits wxRequestLimits(WxMiniProperties properties) {
		return new WxRequestLimits(properties.endpoints().bodyTimeout());
	}

	/**
	 * An in-memory store is never a silent substitute for the Redis store that was asked for.
	 */
	private static void requireMemoryStoreAllowed(WxMiniProperties properties) {
		if (properties.store() == WxMiniProperties.Store.REDIS) {
			throw new IllegalStateException("wxmini.store=redis, but Redis is not available: add "
					+ "spring-boot-starter-data-redis to the application and configure spring.data.redis.*, "
					+ "or set wxmini.store=auto or memory");
		}
	}

	/**
	 * How long a revocation matters to access tokens: the longest lifetime of any app's plus the
	 * clock skew.
	 */
	static Duration revocationRetention(WxMiniProperties properties) {
		return WxAppsFactory.maxAccessTokenTtl(properties).plus(properties.jwt().clockSkew());
	}

	/**
	 * The application's clock when it declares exactly one (tests do, to move time), else the
	 * system clock.
	 */

}
