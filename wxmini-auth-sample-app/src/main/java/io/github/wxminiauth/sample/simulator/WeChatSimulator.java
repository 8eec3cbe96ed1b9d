package io.github.wxminiauth.sample.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A stand-in for WeChat's servers: code2Session, the stable access token and getuserphonenumber,
 * answering with WeChat's reply bodies and error codes. Test codes are minted with
 * {@link #mintLoginCode} and {@link #mintPhoneCode}, as a mini program would obtain them from
 * {@code wx.login} and the phone-number button. Like WeChat's, codes are single use and live five
 * minutes, and access tokens live two hours and are renewed in their last five minutes.
 *
 * @author wxmini-auth
 */
final class WeChatSimulator {

	static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

	static final Duration TOKEN_RENEWAL = Duration.ofMinutes(5);

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String OPENID_CHARACTERS = ALPHANUMERIC + "-_";

	private static final Pattern DIGITS = Pattern.compile("[0-9]{3,20}");

	private static final Pattern COUNTRY_CODE = Pattern.compile("[0-9]{1,4}");

	private final SecureRandom random = new SecureRandom();

	private final Map<String, String> secrets;

	private final Clock clock;

	private final Map<String, LoginCode> loginCodes = new ConcurrentHashMap<>();

	private final Map<String, PhoneCode> phoneCodes = new ConcurrentHashMap<>();

	private final Map<String, AccessToken> currentTokens = new ConcurrentHashMap<>();

	private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

	private final ReentrantLock tokenLock = new ReentrantLock();

	/**
	 * Creates a simulator for these mini programs.
	 * @param secrets the AppSecret of each mini program, by AppID
	 * @param clock the clock that expires codes and tokens
	 */
	WeChatSimulator(Map<String, String> secrets, Clock clock) {
		Assert.notEmpty(secrets, "secrets must not be empty");
		Assert.notNull(clock, "clock must not be null");
		this.secrets = Map.copyOf(secrets);
		this.clock = clock;
	}

	/**
	 * Mints a {@code wx.login} code.
	 * @param appId the mini program, or {@code null} when there is only one
	 * @param openid the user the code logs in, or {@code null} for a new random user
	 * @param unionid the unionid code2Session should report, or {@code null} for none
	 * @return the code and its openid
	 * @throws IllegalArgumentException if the app is unknown or the openid malformed
	 */
	MintedLoginCode mintLoginCode(@Nullable String appId, @Nullable String openid, @Nullable String unionid) {
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
	 * Mints a phone-number button code.
	 * @param appId the mini program, or {@code null} when there is only one
	 * @param phoneNumber the number, e.g. {@code 13800138000}, or with a country code, e.g.
	 * {@code +852 61234567}
	 * @param openid the only user allowed to redeem the code, or {@code null} for anyone
	 * @return the code
	 * @throws IllegalArgumentException if the app is unknown or the number malformed
	 */
	String mintPhoneCode(@Nullable String appId, String phoneNumber, @Nullable String openid) {
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
	 * {@code GET /sns/jscode2session}.
	 * @param appId the {@code appid} parameter
	 * @param secret the {@code secret} parameter
	 * @param jsCode the {@code js_code} parameter
	 * @param grantType the {@code grant_type} parameter
	 * @return the reply body
	 */
	Map<String, Object> code2Session(@Nullable String appId, @Nullable String secret, @Nullable String jsCode,
			@Nullable String grantType) {
		Map<String, Object> credentialsError = checkCredentials(appId, secret);
		if (credentialsError != null) {
			return credentialsError;
		}
		if (!StringUtils.hasText(jsCode)) {
			return error(41008, "missing code");
		}
		if (!"authorization_code".equals(grantType)) {
			return error(40002, "invalid grant_type");
		}
		Instant now = this.clock.instant();
		Redemption<LoginCode> redemption = redeem(this.loginCodes, jsCode, now, (code) -> code.appId().equals(appId));
		if (redemption.used()) {
			return error(40163, "code been used");
		}
		if (redemption.code() == null) {
			return error(40029, "invalid code");
		}
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("session_key", Base64.getEncoder().encodeToString(randomBytes(16)));
		reply.put("openid", redemption.code().openid());
		if (redemption.code().unionid() != null) {
			reply.put("unionid", redemption.code().unionid());
		}
		return reply;
	}

	/**
	 * {@code POST /cgi-bin/stable_token}.
	 * @param grantType the {@code grant_type} member
	 * @param appId the {@code appid} member
	 * @param secret the {@code secret} member
	 * @param forceRefresh the {@code force_refresh} member
	 * @return the reply body
	 */
	Map<String, Object> stableToken(@Nullable String grantType, @Nullable String appId, @Nullable String secret,
			boolean forceRefresh) {
		if (!"client_credential".equals(grantType)) {
			return error(40002, "invalid grant_type");
		}
		Map<String, Object> credentialsError = checkCredentials(appId, secret);
		if (credentialsError != null) {
			return credentialsError;
		}
		Instant now = this.clock.instant();
		AccessToken token = currentToken(appId, forceRefresh, now);
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

	/**
	 * {@code POST /wxa/business/getuserphonenumber}.
	 * @param accessToken the {@code access_token} query parameter
	 * @param code the {@code code} member
	 * @param openid the {@code openid} member, if sent
	 * @return the reply body
	 */
	Map<String, Object> phoneNumber(@Nullable String accessToken, @Nullable String code, @Nullable String openid) {
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
		if (!StringUtils.hasText(code)) {
			return error(41008, "missing code");
		}
		// WeChat answers 40029 for every unusable phone code: unknown, expired, used or another user's
		Redemption<PhoneCode> redemption = redeem(this.phoneCodes, code, now, (phoneCode) -> phoneCode.appId()
			.equals(token.appId()) && (openid == null || phoneCode.openid() == null || phoneCode.openid().equals(openid)));
		if (redemption.code() == null) {
			return error(40029, "invalid code");
		}
		Phone phone = redemption.code().phone();
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
		String expected = this.secrets.get(appId);
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

	private String resolveApp(@Nullable String appId) {
		if (appId == null) {
			Assert.isTrue(this.secrets.size() == 1, "app_id is required: several mini programs are configured");
			return this.secrets.keySet().iterator().next();
		}
		Assert.isTrue(this.secrets.containsKey(appId), "app_id is not a configured mini program");
		return appId;
	}

	private void forgetOldCodes(Instant now) {
		// Used codes are kept a while so that a replay answers 40163, as WeChat does
		Instant forgetBefore = now.minus(CODE_LIFETIME.multipliedBy(2));
		this.loginCodes.values().removeIf((code) -> code.issuedAt().isBefore(forgetBefore));
		this.phoneCodes.values().removeIf((code) -> code.issuedAt().isBefore(forgetBefore));
	}

	private static boolean isIdentifier(String value) {
		return value.length() <= 64 && value.matches("[A-Za-z0-9_-]+");
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

	/**
	 * A minted {@code wx.login} code.
	 *
	 * @param code the code
	 * @param openid the user it logs in
	 */
	record MintedLoginCode(String code, String openid) {
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
