package io.github.wxminiauth.wechat.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxInvalidSignatureException;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * {@link WxApiClient} over Spring's {@link RestClient} and one pooled keep-alive Apache
 * HttpClient 5: this class maps the five WeChat APIs to requests and replies; the transport
 * ({@link WxHttpTransport}), the call with its busy retries ({@link WxApiCaller},
 * {@link BusyRetryPolicy}) and the bounded reads ({@link BoundedReplyReader}) are its parts.
 * <p>
 * Every call answers or fails within the read timeout plus one second: only WeChat's busy
 * reply (-1) is retried, with a doubling backoff inside a one-second budget; timeouts are never
 * retried, and a connection reset only for calls that read state (see
 * {@link StaleConnectionRetryStrategy}), since WeChat may have done the work (phone numbers are
 * billed per success). Replies are read as text and parsed with the
 * given mapper whatever their content type, because WeChat labels JSON as {@code text/plain}.
 * Exception messages and log lines never contain the AppSecret, an access token, a session key,
 * the user's code or a request URL.
 * <p>
 * Internal: the auto-configuration builds it from the {@code wxmini.http.*} properties;
 * applications depend on {@link WxApiClient}. Close the client to release its connections; as a
 * bean, Spring does so on shutdown.
 *
 * @since 0.1.0
 */
public final class RestWxApiClient implements WxApiClient, AutoCloseable {

	static final String CODE2SESSION = "code2Session";

	static final String STABLE_TOKEN = "stable_token";

	static final String GET_USER_PHONE_NUMBER = "getuserphonenumber";

	static final String CHECK_SESSION = "checksession";

	static final String RESET_USER_SESSION_KEY = "resetusersessionkey";

	static final String CHECK_SESSION_PATH = "/wxa/checksession?access_token={accessToken}&openid={openid}"
			+ "&signature={signature}&sig_method={sigMethod}";

	static final String RESET_USER_SESSION_KEY_PATH = "/wxa/resetusersessionkey?access_token={accessToken}"
			+ "&openid={openid}&signature={signature}&sig_method={sigMethod}";

	static final String CODE2SESSION_PATH = "/sns/jscode2session?appid={appid}&secret={secret}&js_code={code}"
			+ "&grant_type=authorization_code";

	static final String STABLE_TOKEN_PATH = "/cgi-bin/stable_token";

	static final String GET_USER_PHONE_NUMBER_PATH = "/wxa/business/getuserphonenumber?access_token={accessToken}";

	/**
	 * Time a call may spend on busy retries, so that it answers within read timeout + 1 s.
	 * @since 0.2.0
	 */
	public static final Duration BUSY_RETRY_BUDGET = BusyRetryPolicy.BUDGET;

	private final WxHttpTransport transport;

	private final RestClient restClient;

	/**
	 * Builds every request URI. Strict encoding of every variable: the default mode of Spring's
	 * URI templates leaves '&', '=' and '+' in a value as they are, which would let a hostile code
	 * add or change query parameters.
	 */
	private final StrictUriTemplates uris;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final WxApiCaller caller;

	private RestWxApiClient(Builder builder) {
		this.transport = new WxHttpTransport(builder.connectTimeout, builder.readTimeout, builder.maxConnections,
				builder.sslBundle, builder.restClientBuilder);
		this.restClient = this.transport.restClient();
		this.uris = new StrictUriTemplates(builder.baseUrl);
		this.jsonMapper = builder.jsonMapper;
		this.clock = builder.clock;
		BusyRetryPolicy busyRetry = new BusyRetryPolicy(builder.busyRetries, builder.busyRetryBackoff, builder.clock,
				builder.sleeper);
		this.caller = new WxApiCaller(builder.jsonMapper, builder.readTimeout, busyRetry, new BoundedReplyReader());
	}

	/**
	 * Starts a builder.
	 * @param jsonMapper the mapper that parses WeChat's replies, usually Boot's
	 * @return a builder with the defaults of the {@code wxmini.http.*} properties
	 */
	public static Builder builder(JsonMapper jsonMapper) {
		return new Builder(jsonMapper);
	}

	@Override
	public WxSession code2Session(WxApp app, String code) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(code, "code must not be empty");
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("appid", app.appId());
		variables.put("secret", app.appSecret());
		variables.put("code", code);
		SecretMasker masker = new SecretMasker(app.appSecret(), code);
		JsonNode reply = this.caller.call(CODE2SESSION, app, masker,
				() -> this.restClient.get().uri(this.uris.expand(CODE2SESSION_PATH, variables)));
		String openid = requiredText(CODE2SESSION, reply, "openid");
		String sessionKey = requiredText(CODE2SESSION, reply, "session_key");
		return new WxSession(openid, optionalText(reply, "unionid"), sessionKey);
	}

	@Override
	public WxAccessToken fetchStableAccessToken(WxApp app) {
		Assert.notNull(app, "app must not be null");
		// Never force_refresh: it rotates the token for every instance and is limited to 20 a day.
		ObjectNode body = this.jsonMapper.createObjectNode()
			.put("grant_type", "client_credential")
			.put("appid", app.appId())
			.put("secret", app.appSecret())
			.put("force_refresh", false);
		SecretMasker masker = new SecretMasker(app.appSecret());
		// Taken before the request, so the computed expiry is never later than WeChat's.
		Instant obtainedAt = this.clock.instant();
		JsonNode reply = this.caller.call(STABLE_TOKEN, app, masker, () -> postJson(STABLE_TOKEN_PATH, Map.of(), body));
		String accessToken = requiredText(STABLE_TOKEN, reply, "access_token");
		JsonNode expiresIn = reply.path("expires_in");
		if (!expiresIn.isIntegralNumber() || expiresIn.asLong() <= 0) {
			throw new WxUnavailableException(STABLE_TOKEN, null, STABLE_TOKEN + " reply lacks a valid expires_in");
		}
		return new WxAccessToken(accessToken, obtainedAt, obtainedAt.plusSeconds(expiresIn.asLong()));
	}

	@Override
	public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(accessToken, "accessToken must not be empty");
		Assert.hasText(code, "code must not be empty");
		ObjectNode body = this.jsonMapper.createObjectNode().put("code", code);
		if (openid != null) {
			// WeChat then checks that the code belongs to this user, for free.
			body.put("openid", openid);
		}
		SecretMasker masker = new SecretMasker(app.appSecret(), accessToken, code);
		JsonNode reply = this.caller.call(GET_USER_PHONE_NUMBER, app, masker,
				() -> postJson(GET_USER_PHONE_NUMBER_PATH, Map.of("accessToken", accessToken), body));
		JsonNode phoneInfo = reply.path("phone_info");
		if (!phoneInfo.isObject()) {
			throw new WxUnavailableException(GET_USER_PHONE_NUMBER, null, GET_USER_PHONE_NUMBER + " reply lacks phone_info");
		}
		checkWatermark(app, phoneInfo);
		return new PhoneNumber(requiredText(GET_USER_PHONE_NUMBER, phoneInfo, "phoneNumber"),
				requiredText(GET_USER_PHONE_NUMBER, phoneInfo, "purePhoneNumber"), countryCode(phoneInfo));
	}

	@Override
	public boolean checkSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		Map<String, String> variables = signedVariables(app, accessToken, openid, sessionKey);
		SecretMasker masker = new SecretMasker(app.appSecret(), accessToken, sessionKey, variables.get("signature"));
		try {
			this.caller.call(CHECK_SESSION, app, masker,
					() -> this.restClient.get().uri(this.uris.expand(CHECK_SESSION_PATH, variables)));
			return true;
		}
		catch (WxInvalidSignatureException ex) {
			return false;
		}
	}

	@Override
	public WxSession resetUserSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		Map<String, String> variables = signedVariables(app, accessToken, openid, sessionKey);
		SecretMasker masker = new SecretMasker(app.appSecret(), accessToken, sessionKey, variables.get("signature"));
		JsonNode reply = this.caller.call(RESET_USER_SESSION_KEY, app, masker,
				() -> this.restClient.get().uri(this.uris.expand(RESET_USER_SESSION_KEY_PATH, variables)));
		String replyOpenid = optionalText(reply, "openid");
		if (replyOpenid != null && !replyOpenid.equals(openid)) {
			throw new WxUnavailableException(RESET_USER_SESSION_KEY, null,
					RESET_USER_SESSION_KEY + " reply is for another user");
		}
		return new WxSession(openid, null, requiredText(RESET_USER_SESSION_KEY, reply, "session_key"));
	}

	private static Map<String, String> signedVariables(WxApp app, String accessToken, String openid,
			String sessionKey) {
		Assert.notNull(app, "app must not be null");
		Assert.hasText(accessToken, "accessToken must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.hasText(sessionKey, "sessionKey must not be empty");
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("accessToken", accessToken);
		variables.put("openid", openid);
		// A GET request: WeChat signs the empty payload.
		variables.put("signature", LoginStateSignature.sign(sessionKey, ""));
		variables.put("sigMethod", LoginStateSignature.METHOD);
		return variables;
	}

	private RestClient.RequestHeadersSpec<?> postJson(String path, Map<String, ?> variables, ObjectNode body) {
		// Bytes, so that no message converter of a customized builder can re-encode the JSON.
		byte[] json = this.jsonMapper.writeValueAsBytes(body);
		return this.restClient.post()
			.uri(this.uris.expand(path, variables))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json);
	}

	private void checkWatermark(WxApp app, JsonNode phoneInfo) {
		String appId = requiredText(GET_USER_PHONE_NUMBER, phoneInfo.path("watermark"), "appid");
		if (!app.appId().equals(appId)) {
			// A reply for another app: the access token or the front end belongs to a different app.
			throw new WxMisconfiguredException(GET_USER_PHONE_NUMBER, null,
					GET_USER_PHONE_NUMBER + " reply is for another app (watermark appid mismatch)");
		}
	}

	private static String countryCode(JsonNode phoneInfo) {
		// WeChat documents a string but its example shows a number.
		JsonNode countryCode = phoneInfo.path("countryCode");
		if (countryCode.isIntegralNumber()) {
			return countryCode.asString();
		}
		return requiredText(GET_USER_PHONE_NUMBER, phoneInfo, "countryCode");
	}

	private static String requiredText(String api, JsonNode node, String field) {
		String value = optionalText(node, field);
		if (value == null) {
			throw new WxUnavailableException(api, null, api + " reply lacks " + field);
		}
		return value;
	}

	private static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

	@Override
	public void close() {
		this.transport.close();
	}

	/**
	 * Builds a {@link RestWxApiClient}. Defaults match the {@code wxmini.http.*} properties.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final JsonMapper jsonMapper;

		private String baseUrl = "https://api.weixin.qq.com";

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Duration readTimeout = Duration.ofSeconds(5);

		private int maxConnections = 200;

		private @Nullable SslBundle sslBundle;

		private int busyRetries = 2;

		private Duration busyRetryBackoff = Duration.ofMillis(100);

		private Clock clock = Clock.systemUTC();

		private RestClient.@Nullable Builder restClientBuilder;

		private BusyRetryPolicy.Sleeper sleeper = BusyRetryPolicy.Sleeper.THREAD;

		private Builder(JsonMapper jsonMapper) {
			Assert.notNull(jsonMapper, "jsonMapper must not be null");
			this.jsonMapper = jsonMapper;
		}

		/**
		 * The base URL of the WeChat API; a trailing slash is ignored.
		 * @param baseUrl the base URL, {@code https://api.weixin.qq.com} by default
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			Assert.hasText(baseUrl, "baseUrl must not be empty");
			this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
			return this;
		}

		/**
		 * The timeout for opening a connection.
		 * @param connectTimeout the timeout, 2 s by default
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			Assert.isTrue(isPositive(connectTimeout), "connectTimeout must be positive");
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * The timeout for WeChat's reply.
		 * @param readTimeout the timeout, 5 s by default
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			Assert.isTrue(isPositive(readTimeout), "readTimeout must be positive");
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * The size of the connection pool, in total and per route (all calls go to one host).
		 * @param maxConnections the pool size, 200 by default
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			Assert.isTrue(maxConnections > 0, "maxConnections must be positive");
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * The SSL bundle whose trust material verifies WeChat's (or a proxy's) certificate.
		 * @param sslBundle the bundle, or {@code null} for the JVM's defaults
		 * @return this builder
		 */
		public Builder sslBundle(@Nullable SslBundle sslBundle) {
			this.sslBundle = sslBundle;
			return this;
		}

		/**
		 * How many times a busy (-1) reply is retried, within a one-second budget.
		 * @param busyRetries the number of retries, 2 by default
		 * @return this builder
		 */
		public Builder busyRetries(int busyRetries) {
			Assert.isTrue(busyRetries >= 0, "busyRetries must not be negative");
			this.busyRetries = busyRetries;
			return this;
		}

		/**
		 * The pause before the first retry of a busy reply; doubles on each retry.
		 * @param busyRetryBackoff the pause, 100 ms by default
		 * @return this builder
		 */
		public Builder busyRetryBackoff(Duration busyRetryBackoff) {
			Assert.isTrue(busyRetryBackoff != null && !busyRetryBackoff.isNegative(),
					"busyRetryBackoff must not be negative");
			this.busyRetryBackoff = busyRetryBackoff;
			return this;
		}

		/**
		 * The clock for token lifetimes and the retry budget.
		 * @param clock the clock, the system UTC clock by default
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * A builder to start from, e.g. Boot's, so that its observation registry and
		 * customizations apply. It is cloned; its request factory and URI builder factory are
		 * replaced.
		 * @param restClientBuilder the builder, or {@code null} for a plain one
		 * @return this builder
		 */
		public Builder restClientBuilder(RestClient.@Nullable Builder restClientBuilder) {
			this.restClientBuilder = restClientBuilder;
			return this;
		}

		Builder sleeper(BusyRetryPolicy.Sleeper sleeper) {
			Assert.notNull(sleeper, "sleeper must not be null");
			this.sleeper = sleeper;
			return this;
		}

		private static boolean isPositive(@Nullable Duration duration) {
			return duration != null && !duration.isNegative() && !duration.isZero();
		}

		/**
		 * Builds the client. It owns a connection pool: close it when done.
		 * @return the client
		 */
		public RestWxApiClient build() {
			return new RestWxApiClient(this);
		}

	}

}
