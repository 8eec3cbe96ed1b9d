package io.github.wxminiauth.wechat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.log.LogMessage;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@link WxApiClient} over Spring's {@link RestClient} and one pooled keep-alive Apache
 * HttpClient 5.
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
 * Close the client to release its connections; as a bean, Spring does so on shutdown.
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
	public static final Duration BUSY_RETRY_BUDGET = Duration.ofSeconds(1);

	/**
	 * Largest reply read; WeChat's replies are well under a kilobyte.
	 */
	static final int MAX_REPLY_BYTES = 64 * 1024;

	private static final Log logger = LogFactory.getLog(RestWxApiClient.class);

	private final RestClient restClient;

	/**
	 * Builds every request URI. Strict encoding of every variable: the default mode of Spring's
	 * URI templates leaves '&', '=' and '+' in a value as they are, which would let a hostile code
	 * add or change query parameters.
	 */
	private final StrictUriTemplates uris;

	private final HttpComponentsClientHttpRequestFactory requestFactory;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final Duration readTimeout;

	private final int busyRetries;

	private final Duration busyRetryBackoff;

	private final Sleeper sleeper;

	private RestWxApiClient(Builder builder) {
		this.requestFactory = createRequestFactory(builder);
		this.restClient = createRestClient(builder, this.requestFactory);
		this.uris = new StrictUriTemplates(builder.baseUrl);
		this.jsonMapper = builder.jsonMapper;
		this.clock = builder.clock;
		this.readTimeout = builder.readTimeout;
		this.busyRetries = builder.busyRetries;
		this.busyRetryBackoff = builder.busyRetryBackoff;
		this.sleeper = builder.sleeper;
	}

	private static HttpComponentsClientHttpRequestFactory createRequestFactory(Builder builder) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(builder.connectTimeout, builder.readTimeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		if (builder.sslBundle != null) {
			settings = settings.withSslBundle(builder.sslBundle);
		}
		int maxConnections = builder.maxConnections;
		return ClientHttpRequestFactoryBuilder.httpComponents()
			.withConnectionManagerCustomizer(
					(manager) -> manager.setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections))
			// A pooled connection that WeChat closed while idle is usually detected before reuse;
			// the one closed in the meantime is resent once, for calls that only read state.
			.withConnectionConfigCustomizer((config) -> config.setValidateAfterInactivity(TimeValue.ofSeconds(1)))
			.withHttpClientCustomizer((client) -> client.setRetryStrategy(new StaleConnectionRetryStrategy()))
			.build(settings);
	}

	private static RestClient createRestClient(Builder builder,
			HttpComponentsClientHttpRequestFactory requestFactory) {
		RestClient.Builder restClientBuilder = (builder.restClientBuilder != null) ? builder.restClientBuilder.clone()
				: RestClient.builder();
		return restClientBuilder.requestFactory(requestFactory)
			.observationConvention(new WxClientRequestObservationConvention())
			.build();
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
		JsonNode reply = call(CODE2SESSION, app, masker,
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
		JsonNode reply = call(STABLE_TOKEN, app, masker, () -> postJson(STABLE_TOKEN_PATH, Map.of(), body));
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
		JsonNode reply = call(GET_USER_PHONE_NUMBER, app, masker,
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
			call(CHECK_SESSION, app, masker,
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
		JsonNode reply = call(RESET_USER_SESSION_KEY, app, masker,
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

	/**
	 * Calls WeChat, retrying only its busy reply, and returns the reply of a successful call.
	 */
	private JsonNode call(String api, WxApp app, SecretMasker masker, RequestFactory request) {
		long start = this.clock.millis();
		Duration backoff = this.busyRetryBackoff;
		for (int attempt = 0;; attempt++) {
			JsonNode reply = exchange(api, app, masker, request.create(), start);
			Integer errcode = errcode(api, reply);
			if (WxErrcodes.isSuccess(errcode)) {
				logger.debug(LogMessage.format("%s for app %s succeeded in %d ms", api, app.appId(), elapsed(start)));
				return reply;
			}
			logger.debug(LogMessage.format("%s for app %s answered errcode %d after %d ms", api, app.appId(), errcode,
					elapsed(start)));
			if (errcode != WxErrcodes.BUSY || attempt >= this.busyRetries || !withinRetryBudget(start, backoff)) {
				throw WxErrcodes.toException(api, errcode, masker.sanitize(reply.path("errmsg").asString("")));
			}
			sleep(api, backoff);
			backoff = backoff.multipliedBy(2);
		}
	}

	private boolean withinRetryBudget(long start, Duration backoff) {
		return elapsed(start) + backoff.toMillis() <= BUSY_RETRY_BUDGET.toMillis();
	}

	private long elapsed(long start) {
		return this.clock.millis() - start;
	}

	private void sleep(String api, Duration backoff) {
		try {
			this.sleeper.sleep(backoff);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WxUnavailableException(api, WxErrcodes.BUSY, api + " was interrupted while waiting to retry");
		}
	}

	private JsonNode exchange(String api, WxApp app, SecretMasker masker, RestClient.RequestHeadersSpec<?> request,
			long start) {
		Reply reply = send(api, app, masker, request, start);
		if (!reply.isSuccessful()) {
			throw unavailable(api, app, start, api + " answered HTTP status " + reply.status());
		}
		if (reply.body().isBlank()) {
			throw unavailable(api, app, start, api + " answered an empty body");
		}
		try {
			JsonNode json = this.jsonMapper.readTree(reply.body());
			if (json == null || !json.isObject()) {
				throw unavailable(api, app, start, api + " answered JSON that is not an object");
			}
			return json;
		}
		catch (JacksonException ex) {
			// No cause: Jackson's message quotes the reply, which may hold a session key or token.
			throw unavailable(api, app, start, api + " answered malformed JSON");
		}
	}

	private Reply send(String api, WxApp app, SecretMasker masker, RestClient.RequestHeadersSpec<?> request,
			long start) {
		try {
			long deadline = System.nanoTime() + this.readTimeout.toNanos();
			return request.exchange((clientRequest, response) -> new Reply(response.getStatusCode().value(),
					readReply(api, app, start, response.getBody(), deadline)));
		}
		catch (RestClientException ex) {
			// Spring's exception names the full URL, AppSecret included: keep only the I/O error.
			IOException ioException = (ex.getCause() instanceof IOException io) ? io : null;
			String reason = (ioException != null) ? describe(ioException) : "request failed";
			String message = api + " could not be reached: " + reason;
			logger.debug(LogMessage.format("%s for app %s could not be reached after %d ms: %s", api, app.appId(),
					elapsed(start), reason));
			Throwable cause = (ioException != null && !masker.mentionsSecret(ioException)) ? ioException : null;
			throw new WxUnavailableException(api, null, message, cause);
		}
	}

	/**
	 * Names an I/O failure; TLS failures say what to check, since "SSLHandshakeException" alone
	 * sends operators hunting.
	 */
	static String describe(IOException ex) {
		String name = ex.getClass().getSimpleName();
		if (!(ex instanceof SSLException)) {
			return name;
		}
		if (ex instanceof SSLPeerUnverifiedException) {
			return name + ": TLS handshake failed, the server's certificate does not match its host name";
		}
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof CertificateException || cause instanceof CertPathBuilderException
					|| cause instanceof CertPathValidatorException) {
				return name + ": TLS handshake failed, the server's certificate is not trusted "
						+ "(for a proxy or private certificate authority, trust it with wxmini.http.ssl-bundle)";
			}
		}
		return name + ": TLS handshake failed";
	}

	/**
	 * Reads a reply, bounded in size and in time: the socket's read timeout applies per read, so
	 * a reply that trickles in a byte at a time would otherwise hold the caller indefinitely.
	 * The deadline is measured on {@link System#nanoTime()}, not the configured clock, because it
	 * bounds real waiting rather than expiry.
	 */
	private String readReply(String api, WxApp app, long start, InputStream body, long deadline) throws IOException {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		int read;
		while ((read = body.read(buffer)) != -1) {
			reply.write(buffer, 0, read);
			if (reply.size() > MAX_REPLY_BYTES) {
				abort(body);
				throw unavailable(api, app, start, api + " answered more than " + MAX_REPLY_BYTES + " bytes");
			}
			if (System.nanoTime() - deadline > 0) {
				abort(body);
				throw unavailable(api, app, start, api + " did not complete its reply within the read timeout");
			}
		}
		return reply.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Drops the connection instead of letting the response's close drain the rest of a slow or
	 * oversized reply.
	 */
	private static void abort(InputStream body) throws IOException {
		if (body instanceof EofSensorInputStream sensor) {
			sensor.abort();
		}
		else {
			body.close();
		}
	}

	private WxUnavailableException unavailable(String api, WxApp app, long start, String message) {
		logger.debug(LogMessage.format("%s for app %s failed after %d ms: %s", api, app.appId(), elapsed(start),
				message));
		return new WxUnavailableException(api, null, message);
	}

	private static @Nullable Integer errcode(String api, JsonNode reply) {
		JsonNode errcode = reply.path("errcode");
		if (errcode.isMissingNode() || errcode.isNull()) {
			return null;
		}
		if (errcode.isIntegralNumber() && errcode.canConvertToInt()) {
			return errcode.intValue();
		}
		throw new WxUnavailableException(api, null, api + " answered an errcode that is not a number");
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
		try {
			this.requestFactory.destroy();
		}
		catch (Exception ex) {
			logger.debug("Failed to close the WeChat HTTP client", ex);
		}
	}

	/**
	 * Pauses before a retry; tests replace it to run without waiting.
	 */
	@FunctionalInterface
	interface Sleeper {

		Sleeper THREAD = (duration) -> TimeUnit.MILLISECONDS.sleep(duration.toMillis());

		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Creates a fresh request for each attempt.
	 */
	@FunctionalInterface
	private interface RequestFactory {

		RestClient.RequestHeadersSpec<?> create();

	}

	private record Reply(int status, String body) {

		boolean isSuccessful() {
			return this.status >= 200 && this.status < 300;
		}

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

		private Sleeper sleeper = Sleeper.THREAD;

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

		Builder sleeper(Sleeper sleeper) {
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
