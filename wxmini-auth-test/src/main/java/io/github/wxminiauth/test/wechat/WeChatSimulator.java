package io.github.wxminiauth.test.wechat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A stand-in for WeChat's servers: code2Session, the stable access token and
 * getuserphonenumber, answering with WeChat's reply bodies and error codes (JSON labelled
 * {@code text/plain}, HTTP 200 even for errors). It holds the state and the API's semantics; an
 * HTTP server hands it each request through {@link #handle(WeChatRequest)}, for instance
 * {@code WeChatSimulatorExtension} in a JUnit test.
 * <p>
 * A test mints the codes a mini program would get from {@code wx.login}
 * ({@link #mintLoginCode(String)}) and from the phone-number button ({@link #mintPhoneCode(String)}).
 * Like WeChat's, codes are single use (40163 when a login code comes back, 40029 for an unknown,
 * expired or used phone code) and live five minutes; access tokens live two hours and are renewed
 * in their last five minutes. {@link #failNext(WeChatApi, WeChatFault)} makes the next calls of
 * an API misbehave, and {@link #requestCount(WeChatApi)} tells how often it was called.
 * <p>
 * By default it knows one mini program, {@link #APP_ID} with {@link #APP_SECRET}; a call with any
 * other credentials fails as WeChat's would (40013, 40125). The builder adds others, fixed
 * ({@link Builder#app(String, String)}) or asked for at each call
 * ({@link Builder#apps(Supplier)}), for mini programs added while it runs. It logs nothing, so no secret, code or
 * session key of its traffic can reach a log. It is thread-safe.
 *
 * @since 0.2.0
 */
public final class WeChatSimulator {

	/**
	 * The AppID of the simulator's own mini program, used unless the builder is given others.
	 * Not a real mini program: WeChat does not know it.
	 */
	public static final String APP_ID = "wx0000000000sample";

	/**
	 * The AppSecret of {@link #APP_ID}. Public on purpose: it opens nothing but this simulator.
	 */
	public static final String APP_SECRET = "FAKE0sample0secret0not0for0prod0";

	/**
	 * How long a minted code can be redeemed.
	 */
	public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	/**
	 * How long an access token lives.
	 */
	public static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

	/**
	 * How long before its expiry an access token is renewed.
	 */
	public static final Duration TOKEN_RENEWAL = Duration.ofMinutes(5);

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String OPENID_CHARACTERS = ALPHANUMERIC + "-_";

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{3,20}");

	private static final Pattern COUNTRY_CODE = Pattern.compile("[0-9]{1,4}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final Map<String, String> secrets;

	private final Supplier<? extends Map<String, String>> moreApps;

	private final Clock clock;

	private final Map<String, LoginCode> loginCodes = new ConcurrentHashMap<>();

	private final Map<String, PhoneCode> phoneCodes = new ConcurrentHashMap<>();

	private final Map<String, String> sessionKeys = new ConcurrentHashMap<>();

	private final Map<String, AccessToken> currentTokens = new ConcurrentHashMap<>();

	private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

	private final ReentrantLock tokenLock = new ReentrantLock();

	private final Map<WeChatApi, Queue<WeChatFault>> faults = new EnumMap<>(WeChatApi.class);

	private final Map<WeChatApi, AtomicInteger> requestCounts = new EnumMap<>(WeChatApi.class);

	private WeChatSimulator(Map<String, String> secrets, Supplier<? extends Map<String, String>> moreApps,
			Clock clock) {
		// In the order the apps were added, as appIds() promises.
		this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
		this.moreApps = moreApps;
		this.clock = clock;
		for (WeChatApi api : WeChatApi.values()) {
			this.faults.put(api, new ConcurrentLinkedQueue<>());
			this.requestCounts.put(api, new AtomicInteger());
		}
	}

	/**
	 * Creates a simulator of the mini program {@link #APP_ID} on the system clock.
	 * @return the simulator
	 */
	public static WeChatSimulator create() {
		return builder().build();
	}

	/**
	 * Starts a builder, for other mini programs or another clock.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the AppIDs of the mini programs this simulator knows now: those added to the
	 * builder, in the order they were added, then those of {@link Builder#apps(Supplier)}.
	 * @return the AppIDs
	 */
	public Set<String> appIds() {
		Set<String> appIds = new LinkedHashSet<>(this.secrets.keySet());
		appIds.addAll(this.moreApps.get().keySet());
		return Collections.unmodifiableSet(appIds);
	}

	String appSecret(String appId) {
		String secret = secretOf(appId);
		Assert.state(secret != null, () -> "app " + appId + " is not a mini program of this simulator");
		return secret;
	}

	private @Nullable String secretOf(String appId) {
		String secret = this.secrets.get(appId);
		return (secret != null) ? secret : this.moreApps.get().get(appId);
	}

	/**
	 * Mints a {@code wx.login} code for a new, random user of the only mini program.
	 * @return the code and the openid it logs in
	 */
	public MintedLoginCode mintLoginCode() {
		return mintLoginCode(null, null, null);
	}

	/**
	 * Mints a {@code wx.login} code that logs in this openid of the only mini program.
	 * @param openid the user, 1 to 64 letters, digits, {@code -} or {@code _}
	 * @return the code
	 */
	public MintedLoginCode mintLoginCode(String openid) {
		Assert.hasText(openid, "openid must not be empty");
		return mintLoginCode(null, openid, null);
	}

	/**
	 * Mints a {@code wx.login} code.
	 * @param appId the mini program, or {@code null} when there is only one
	 * @param openid the user the code logs in, or {@code null} for a new random user
	 * @param unionid the unionid code2Session should report, or {@code null} for none
	 * @return the code and its openid
	 * @throws IllegalArgumentException if the app is unknown or an id malformed
	 */
	public MintedLoginCode mintLoginCode(@Nullable String appId, @Nullable String openid, @Nullable String unionid) {
		String app = resolveApp(appId);
		Assert.isTrue(openid == null || isIdentifier(openid), "openid must be 1 to 64 letters, digits, '-' or '_'");
		Assert.isTrue(unionid == null || isIdentifier(unionid), "unionid must be 1 to 64 letters, digits, '-' or '_'");
		String user = (openid != null) ? openid : "o" + randomString(OPENID_CHARACTERS, 27);
		Instant now = this.clock.instant();
		forgetOldCodes(now);
		String code = randomString(ALPHANUMERIC, 32);
		this.loginCodes.put(code, new LoginCode(app, user, unionid, now, false));
		return new MintedLoginCode(code, user);
	}

	/**
	 * Mints a phone-number button code of the only mini program that any user can redeem.
	 * @param phoneNumber the number, e.g. {@code 13800138000}, or with a country code, e.g.
	 * {@code +852 61234567}
	 * @return the code
	 */
	public String mintPhoneCode(String phoneNumber) {
		return mintPhoneCode(null, phoneNumber, null);
	}

	/**
	 * Mints a phone-number button code.
	 * @param appId the mini program, or {@code null} when there is only one
	 * @param phoneNumber the number, e.g. {@code 13800138000}, or with a country code, e.g.
	 * {@code +852 61234567}
	 * @param openid the only user allowed to redeem the code, or {@code null} for anyone
	 * @return the code
	 * @throws IllegalArgumentException if the app is unknown or the number malformed
	 */
	public String mintPhoneCode(@Nullable String appId, String phoneNumber, @Nullable String openid) {
		String app = resolveApp(appId);
		Assert.isTrue(openid == null || isIdentifier(openid), "openid must be 1 to 64 letters, digits, '-' or '_'");
		Phone phone = Phone.parse(phoneNumber);
		Instant now = this.clock.instant();
		forgetOldCodes(now);
		String code = randomString(ALPHANUMERIC, 64);
		this.phoneCodes.put(code, new PhoneCode(app, phone, openid, now, false));
		return code;
	}

	/**
	 * Returns the session key code2Session last issued to a user of the only mini program, for
	 * tests that encrypt user data as WeChat would.
	 * @param openid the user
	 * @return the base64 session key, or {@code null} if the user never logged in
	 */
	public @Nullable String sessionKey(String openid) {
		return sessionKey(resolveApp(null), openid);
	}

	/**
	 * Returns the session key code2Session last issued to a user.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the base64 session key, or {@code null} if the user never logged in
	 */
	public @Nullable String sessionKey(String appId, String openid) {
		return this.sessionKeys.get(appId + '\n' + openid);
	}

	/**
	 * Makes the next call of an API answer with a fault instead of its normal reply.
	 * @param api the API
	 * @param fault the fault
	 */
	public void failNext(WeChatApi api, WeChatFault fault) {
		failNext(api, 1, fault);
	}

	/**
	 * Makes the next calls of an API answer with a fault; later calls answer normally again.
	 * Faults queue up in the order they were injected.
	 * @param api the API
	 * @param times how many calls fail, e.g. more than the client's retries of a busy reply
	 * @param fault the fault
	 */
	public void failNext(WeChatApi api, int times, WeChatFault fault) {
		Assert.notNull(api, "api must not be null");
		Assert.isTrue(times > 0, "times must be positive");
		Assert.notNull(fault, "fault must not be null");
		Queue<WeChatFault> queue = this.faults.get(api);
		for (int i = 0; i < times; i++) {
			queue.add(fault);
		}
	}

	/**
	 * Forgets the faults not yet answered.
	 */
	public void clearFaults() {
		this.faults.values().forEach(Queue::clear);
	}

	/**
	 * Returns how many requests reached an API since the simulator was created or
	 * {@link #resetRequestCounts()}, counted on arrival: faulted and failed calls included.
	 * @param api the API
	 * @return the count
	 */
	public int requestCount(WeChatApi api) {
		Assert.notNull(api, "api must not be null");
		return this.requestCounts.get(api).get();
	}

	/**
	 * Sets every request count back to zero.
	 */
	public void resetRequestCounts() {
		this.requestCounts.values().forEach((count) -> count.set(0));
	}

	/**
	 * Answers a request to the WeChat API. A {@link WeChatFault#delay(Duration) delay} is waited
	 * out on the calling thread.
	 * @param request the request, its path relative to the API base URL
	 * @return the reply
	 */
	public WeChatReply handle(WeChatRequest request) {
		Assert.notNull(request, "request must not be null");
		WeChatApi api = WeChatApi.forPath(request.path());
		if (api == null) {
			return WeChatReply.of(404, "text/html", "<html><body>404 Not Found</body></html>");
		}
		this.requestCounts.get(api).incrementAndGet();
		WeChatFault fault = this.faults.get(api).poll();
		if (fault != null) {
			if (fault.reply() != null) {
				return fault.reply();
			}
			if (!sleep(fault.delay())) {
				return WeChatReply.disconnect();
			}
		}
		Map<String, Object> reply = switch (api) {
			case CODE2SESSION -> code2Session(request);
			case STABLE_TOKEN -> stableToken(request);
			case GET_USER_PHONE_NUMBER -> phoneNumber(request);
		};
		return WeChatReply.json(JSON.writeValueAsString(reply));
	}

	private static boolean sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			// The server is stopping: give up on the reply
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Map<String, Object> code2Session(WeChatRequest request) {
		String appId = request.queryParameter("appid");
		Map<String, Object> credentialsError = checkCredentials(appId, request.queryParameter("secret"));
		if (credentialsError != null) {
			return credentialsError;
		}
		String jsCode = request.queryParameter("js_code");
		if (!StringUtils.hasText(jsCode)) {
			return error(41008, "missing code");
		}
		if (!"authorization_code".equals(request.queryParameter("grant_type"))) {
			return error(40002, "invalid grant_type");
		}
		Instant now = this.clock.instant();
		Redemption<LoginCode> redemption = redeem(this.loginCodes, jsCode, now, (code) -> code.appId().equals(appId));
		if (redemption.used()) {
			return error(40163, "code been used");
		}
		LoginCode code = redemption.code();
		if (code == null) {
			return error(40029, "invalid code");
		}
		String sessionKey = Base64.getEncoder().encodeToString(randomBytes(16));
		this.sessionKeys.put(code.appId() + '\n' + code.openid(), sessionKey);
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("session_key", sessionKey);
		reply.put("openid", code.openid());
		if (code.unionid() != null) {
			reply.put("unionid", code.unionid());
		}
		return reply;
	}

	private Map<String, Object> stableToken(WeChatRequest request) {
		if (!"POST".equals(request.method())) {
			return error(43002, "require POST method");
		}
		JsonNode body = readObject(request.body());
		if (body == null) {
			return error(41002, "appid missing, body is not JSON");
		}
		if (!"client_credential".equals(string(body, "grant_type"))) {
			return error(40002, "invalid grant_type");
		}
		String appId = string(body, "appid");
		Map<String, Object> credentialsError = checkCredentials(appId, string(body, "secret"));
		if (credentialsError != null) {
			return credentialsError;
		}
		Instant now = this.clock.instant();
		AccessToken token = currentToken(appId, body.path("force_refresh").asBoolean(false), now);
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("access_token", token.value());
		reply.put("expires_in", Duration.between(now, token.expiresAt()).toSeconds());
		return reply;
	}

	private AccessToken currentToken(String appId, boolean forceRefresh, Instant now) {
		this.tokenLock.lock();
		try {
			AccessToken current = this.currentTokens.get(appId);
			// Like WeChat: the same token until its last five minutes, then a new one while the old
			// one stays valid until it expires. A forced refresh cuts the old one's life to five minutes.
			if (current != null && !forceRefresh && now.plus(TOKEN_RENEWAL).isBefore(current.expiresAt())) {
				return current;
			}
			this.tokens.values().removeIf((token) -> !now.isBefore(token.expiresAt()));
			if (current != null && forceRefresh && now.plus(TOKEN_RENEWAL).isBefore(current.expiresAt())) {
				this.tokens.put(current.value(), new AccessToken(appId, current.value(), now.plus(TOKEN_RENEWAL)));
			}
			AccessToken renewed = new AccessToken(appId, randomString(ALPHANUMERIC, 136), now.plus(TOKEN_LIFETIME));
			this.currentTokens.put(appId, renewed);
			this.tokens.put(renewed.value(), renewed);
			return renewed;
		}
		finally {
			this.tokenLock.unlock();
		}
	}

	private Map<String, Object> phoneNumber(WeChatRequest request) {
		if (!"POST".equals(request.method())) {
			return error(43002, "require POST method");
		}
		String accessToken = request.queryParameter("access_token");
		if (!StringUtils.hasText(accessToken)) {
			return error(41001, "access_token missing");
		}
		Instant now = this.clock.instant();
		AccessToken token = this.tokens.get(accessToken);
		if (token == null) {
			return error(40001, "invalid credential, access_token is invalid or not latest");
		}
		if (!now.isBefore(token.expiresAt())) {
			return error(42001, "access_token expired");
		}
		JsonNode body = readObject(request.body());
		if (body == null) {
			return error(47001, "data format error");
		}
		String code = string(body, "code");
		if (code == null) {
			return error(41008, "missing code");
		}
		String openid = string(body, "openid");
		// WeChat answers 40029 for every unusable phone code: unknown, expired, used or another user's
		Redemption<PhoneCode> redemption = redeem(this.phoneCodes, code, now, (phoneCode) -> phoneCode.appId()
			.equals(token.appId()) && (openid == null || phoneCode.openid() == null || phoneCode.openid().equals(openid)));
		PhoneCode redeemed = redemption.code();
		if (redeemed == null) {
			return error(40029, "invalid code");
		}
		Phone phone = redeemed.phone();
		Map<String, Object> watermark = new LinkedHashMap<>();
		watermark.put("timestamp", now.getEpochSecond());
		watermark.put("appid", token.appId());
		Map<String, Object> phoneInfo = new LinkedHashMap<>();
		phoneInfo.put("phoneNumber", phone.phoneNumber());
		phoneInfo.put("purePhoneNumber", phone.purePhoneNumber());
		phoneInfo.put("countryCode", phone.countryCode());
		phoneInfo.put("watermark", watermark);
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("errcode", 0);
		reply.put("errmsg", "ok");
		reply.put("phone_info", phoneInfo);
		return reply;
	}

	/**
	 * Marks a code used, atomically, so that of two racing redemptions exactly one succeeds.
	 */
	private <C extends Code<C>> Redemption<C> redeem(Map<String, C> codes, String value, Instant now,
			Predicate<C> acceptable) {
		Object[] outcome = new Object[1];
		codes.computeIfPresent(value, (key, code) -> {
			if (code.used()) {
				outcome[0] = Boolean.TRUE;
				return code;
			}
			if (!acceptable.test(code) || !now.isBefore(code.issuedAt().plus(CODE_LIFETIME))) {
				return code;
			}
			outcome[0] = code;
			return code.markUsed();
		});
		if (Boolean.TRUE.equals(outcome[0])) {
			return new Redemption<>(null, true);
		}
		@SuppressWarnings("unchecked")
		C redeemed = (C) outcome[0];
		return new Redemption<>(redeemed, false);
	}

	private @Nullable Map<String, Object> checkCredentials(@Nullable String appId, @Nullable String secret) {
		if (!StringUtils.hasText(appId)) {
			return error(41002, "appid missing");
		}
		if (!StringUtils.hasText(secret)) {
			return error(41004, "appsecret missing");
		}
		String expected = secretOf(appId);
		if (expected == null) {
			return error(40013, "invalid appid");
		}
		if (!expected.equals(secret)) {
			return error(40125, "invalid appsecret");
		}
		return null;
	}

	private Map<String, Object> error(int errcode, String errmsg) {
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("errcode", errcode);
		reply.put("errmsg", errmsg + ", rid: " + randomString("0123456789abcdef", 8) + "-"
				+ randomString("0123456789abcdef", 8) + "-" + randomString("0123456789abcdef", 8));
		return reply;
	}

	/**
	 * The app a code is minted for: the one named, or the one added to the builder when there is
	 * only one (an app of {@link Builder#apps(Supplier)} is never the default, so that adding one
	 * does not change what a request without {@code app_id} means).
	 */
	private String resolveApp(@Nullable String appId) {
		if (appId == null) {
			Assert.isTrue(this.secrets.size() == 1, "app_id is required: several mini programs are configured");
			return this.secrets.keySet().iterator().next();
		}
		Assert.isTrue(secretOf(appId) != null, "app_id is not a mini program of this simulator");
		return appId;
	}

	private void forgetOldCodes(Instant now) {
		// Used codes are kept a while so that a replay answers 40163, as WeChat does
		Instant forgetBefore = now.minus(CODE_LIFETIME.multipliedBy(2));
		this.loginCodes.values().removeIf((code) -> code.issuedAt().isBefore(forgetBefore));
		this.phoneCodes.values().removeIf((code) -> code.issuedAt().isBefore(forgetBefore));
	}

	private static @Nullable JsonNode readObject(String body) {
		if (body.isBlank()) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String string(JsonNode request, String name) {
		JsonNode value = request.get(name);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

	private static boolean isIdentifier(String value) {
		return IDENTIFIER.matcher(value).matches();
	}

	private String randomString(String characters, int length) {
		StringBuilder result = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			result.append(characters.charAt(this.random.nextInt(characters.length())));
		}
		return result.toString();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	@Override
	public String toString() {
		return "WeChatSimulator[apps=" + appIds() + "]";
	}

	/**
	 * Builds a {@link WeChatSimulator}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder {

		private final Map<String, String> secrets = new LinkedHashMap<>();

		private Supplier<? extends Map<String, String>> moreApps = Map::of;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Adds a mini program. Without any, the simulator knows {@link #APP_ID} with
		 * {@link #APP_SECRET}.
		 * @param appId its AppID
		 * @param appSecret its AppSecret
		 * @return this builder
		 */
		public Builder app(String appId, String appSecret) {
			Assert.hasText(appId, "appId must not be empty");
			Assert.hasText(appSecret, "appSecret must not be empty");
			Assert.isTrue(!this.secrets.containsKey(appId), () -> "app " + appId + " is added twice");
			this.secrets.put(appId, appSecret);
			return this;
		}

		/**
		 * Also knows the mini programs that {@code apps} supplies, AppID to AppSecret, asked again
		 * at every call: apps that come and go while the simulator runs, say those an
		 * administrator adds to a table. An app added with {@link #app(String, String)} wins over
		 * one of the same AppID here. They do not count as added for the default: without an app
		 * added, the simulator still knows {@link #APP_ID}, and a code minted without an AppID is
		 * for it.
		 * @param apps the further mini programs, AppID to AppSecret
		 * @return this builder
		 */
		public Builder apps(Supplier<? extends Map<String, String>> apps) {
			Assert.notNull(apps, "apps must not be null");
			this.moreApps = apps;
			return this;
		}

		/**
		 * Sets the clock that expires codes and access tokens.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the simulator.
		 * @return the simulator
		 */
		public WeChatSimulator build() {
			Map<String, String> apps = this.secrets.isEmpty() ? Map.of(APP_ID, APP_SECRET) : this.secrets;
			return new WeChatSimulator(apps, this.moreApps, this.clock);
		}

	}

	/**
	 * A minted {@code wx.login} code.
	 *
	 * @param code the code, for the login request
	 * @param openid the user it logs in
	 * @since 0.2.0
	 */
	public record MintedLoginCode(String code, String openid) {
	}

	private interface Code<C> {

		Instant issuedAt();

		boolean used();

		C markUsed();

	}

	private record LoginCode(String appId, String openid, @Nullable String unionid, Instant issuedAt,
			boolean used) implements Code<LoginCode> {

		@Override
		public LoginCode markUsed() {
			return new LoginCode(this.appId, this.openid, this.unionid, this.issuedAt, true);
		}

	}

	private record PhoneCode(String appId, Phone phone, @Nullable String openid, Instant issuedAt,
			boolean used) implements Code<PhoneCode> {

		@Override
		public PhoneCode markUsed() {
			return new PhoneCode(this.appId, this.phone, this.openid, this.issuedAt, true);
		}

	}

	private record Redemption<C>(@Nullable C code, boolean used) {
	}

	private record AccessToken(String appId, String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "AccessToken[appId=" + this.appId + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * A phone number as WeChat reports it: {@code phoneNumber} carries the country code only for
	 * numbers outside mainland China.
	 */
	private record Phone(String phoneNumber, String purePhoneNumber, String countryCode) {

		static Phone parse(String number) {
			Assert.hasText(number, "phone_number must not be empty");
			String trimmed = number.trim();
			String countryCode = "86";
			String pure = trimmed;
			if (trimmed.startsWith("+")) {
				int space = trimmed.indexOf(' ');
				Assert.isTrue(space > 1, "phone_number with a country code must read like '+852 61234567'");
				countryCode = trimmed.substring(1, space);
				pure = trimmed.substring(space + 1).trim();
			}
			Assert.isTrue(COUNTRY_CODE.matcher(countryCode).matches(), "country code must be 1 to 4 digits");
			Assert.isTrue(DIGITS.matcher(pure).matches(), "phone_number must be 3 to 20 digits");
			String phoneNumber = "86".equals(countryCode) ? pure : "+" + countryCode + " " + pure;
			return new Phone(phoneNumber, pure, countryCode);
		}

	}

}
